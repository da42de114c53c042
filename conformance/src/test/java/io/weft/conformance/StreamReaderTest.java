package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.IncompleteReadError;
import io.weft.LimitOverrunError;
import io.weft.Task;
import io.weft.net.StreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.StreamReader} fed by hand, without a connection: CPython's test_streams.py
 * StreamTests, the tests that call {@code feed_data} / {@code feed_eof} directly. Python's
 * {@code stream._buffer} is read back at the end of a test with {@link #rest}, which ends the
 * stream and reads what is left.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamReaderTest {
  static final byte[] DATA = b("line1\nline2\nline3\n");

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  /** Python's {@code stream._buffer}, at the end of a test: ends the stream, reads the rest. */
  @Coroutine
  static Coro<String> rest(StreamReader stream) {
    stream.feedEof();
    return done(s(await(stream.read())));
  }

  /** test_streams.py test_feed_empty_data and test_feed_nonempty_data. */
  @Test
  void feedingNothingBuffersNothingAndFeedingDataBuffersIt() {
    StreamReader stream = new StreamReader();
    stream.feedData(new byte[0]);
    assertEquals("<StreamReader>", stream.toString());
    stream.feedData(DATA);
    assertEquals("<StreamReader 18 bytes>", stream.toString());
  }

  @Coroutine
  static Coro<Void> readZero() {
    StreamReader stream = new StreamReader();
    stream.feedData(DATA);
    assertEquals(0, await(stream.read(0)).length);
    assertEquals(s(DATA), await(rest(stream)));
    return done();
  }

  /** test_streams.py test_read_zero. */
  @Test
  void readZeroReturnsNothingAndConsumesNothing() {
    runVirtual(readZero());
  }

  @Coroutine
  static Coro<Void> readWaits() {
    StreamReader stream = new StreamReader();
    Task<byte[]> read = createTask(stream.read(30));
    getRunningLoop().callSoon(() -> stream.feedData(DATA));
    assertEquals(s(DATA), s(await(read)));
    assertEquals("", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_read. */
  @Test
  void readWaitsForDataAndReturnsWhatIsThere() {
    runVirtual(readWaits());
  }

  @Coroutine
  static Coro<Void> readLineBreaks() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("line1"));
    stream.feedData(b("line2"));
    assertEquals("line1", s(await(stream.read(5))));
    assertEquals("line2", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_read_line_breaks. */
  @Test
  void readOfNReturnsAtMostNBytesAcrossFeeds() {
    runVirtual(readLineBreaks());
  }

  @Coroutine
  static Coro<Void> readEof() {
    StreamReader stream = new StreamReader();
    Task<byte[]> read = createTask(stream.read(1024));
    getRunningLoop().callSoon(stream::feedEof);
    assertEquals(0, await(read).length);
    assertTrue(stream.atEof());
    return done();
  }

  /** test_streams.py test_read_eof. */
  @Test
  void readReturnsNothingAtEof() {
    runVirtual(readEof());
  }

  @Coroutine
  static Coro<Void> readUntilEof() {
    StreamReader stream = new StreamReader();
    Task<byte[]> read = createTask(stream.read(-1));
    getRunningLoop().callSoon(() -> {
      stream.feedData(b("chunk1\n"));
      stream.feedData(b("chunk2"));
      stream.feedEof();
    });
    assertEquals("chunk1\nchunk2", s(await(read)));
    assertTrue(stream.atEof());
    return done();
  }

  /** test_streams.py test_read_until_eof. */
  @Test
  void readMinusOneReadsEverythingUpToEof() {
    runVirtual(readUntilEof());
  }

  @Coroutine
  static Coro<Void> readException() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("line\n"));
    assertEquals("li", s(await(stream.read(2))));
    stream.setException(new IllegalArgumentException("boom"));
    try {
      await(stream.read(2));
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      assertEquals("boom", expected.getMessage());
    }
    return done();
  }

  /** test_streams.py test_read_exception: the exception wins over buffered bytes. */
  @Test
  void readRaisesTheExceptionSetEvenWithBytesBuffered() {
    runVirtual(readException());
  }

  /** test_streams.py test_invalid_limit. */
  @Test
  void aLimitOfZeroOrLessIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1));
    assertTrue(e.getMessage().contains("imit"), e.getMessage());
  }

  @Coroutine
  static Coro<Void> readLimit() {
    StreamReader stream = new StreamReader(3);
    stream.feedData(b("chunk"));
    assertEquals("chunk", s(await(stream.read(5))));
    assertEquals("", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_read_limit: read(n) is not bound by the limit. */
  @Test
  void readIsNotLimited() {
    runVirtual(readLimit());
  }

  @Coroutine
  static Coro<Void> readline() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("chunk1 "));
    Task<byte[]> read = createTask(stream.readline());
    getRunningLoop().callSoon(() -> {
      stream.feedData(b("chunk2 "));
      stream.feedData(b("chunk3 "));
      stream.feedData(b("\n chunk4"));
    });
    assertEquals("chunk1 chunk2 chunk3 \n", s(await(read)));
    assertEquals(" chunk4", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readline. */
  @Test
  void readlineWaitsForTheNewline() {
    runVirtual(readline());
  }

  @Coroutine
  static Coro<Void> readlineLimitWithExistingData() {
    StreamReader stream = new StreamReader(3);
    stream.feedData(b("li"));
    stream.feedData(b("ne1\nline2\n"));
    try {
      await(stream.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      assertInstanceOf(LimitOverrunError.class, expected.getCause());
    }
    assertEquals("line2\n", await(rest(stream)), "the long line was dropped, newline included");

    StreamReader stream2 = new StreamReader(3);
    stream2.feedData(b("li"));
    stream2.feedData(b("ne1"));
    stream2.feedData(b("li"));
    try {
      await(stream2.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      // no newline: everything examined is dropped
    }
    assertEquals("", await(rest(stream2)));
    return done();
  }

  /** test_streams.py test_readline_limit_with_existing_data. */
  @Test
  void readlineOverTheLimitRaisesAndDropsTheLine() {
    runVirtual(readlineLimitWithExistingData());
  }

  @Coroutine
  static Coro<Void> atEof() {
    StreamReader stream = new StreamReader();
    assertFalse(stream.atEof());
    stream.feedData(b("some data\n"));
    assertFalse(stream.atEof());
    await(stream.readline());
    assertFalse(stream.atEof());
    stream.feedData(b("some data\n"));
    stream.feedEof();
    await(stream.readline());
    assertTrue(stream.atEof());
    return done();
  }

  /** test_streams.py test_at_eof. */
  @Test
  void atEofOnlyOnceEofWasFedAndEverythingRead() {
    runVirtual(atEof());
  }

  @Coroutine
  static Coro<Void> readlineLimitWaiting() {
    EventLoop loop = getRunningLoop();
    StreamReader stream = new StreamReader(7);
    loop.callSoon(() -> {
      stream.feedData(b("chunk1"));
      stream.feedData(b("chunk2"));
      stream.feedData(b("chunk3\n"));
      stream.feedEof();
    });
    try {
      await(stream.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      // the buffer held one line, longer than the limit
    }
    assertEquals("", await(rest(stream)));

    StreamReader stream2 = new StreamReader(7);
    loop.callSoon(() -> {
      stream2.feedData(b("chunk1"));
      stream2.feedData(b("chunk2\n"));
      stream2.feedData(b("chunk3\n"));
      stream2.feedEof();
    });
    try {
      await(stream2.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      // the first line was too long
    }
    assertEquals("chunk3\n", await(rest(stream2)));

    // the limit is strict: it counts the line without its newline
    StreamReader stream3 = new StreamReader(7);
    stream3.feedData(b("1234567\n"));
    assertEquals("1234567\n", s(await(stream3.readline())));
    stream3.feedData(b("12345678\n"));
    try {
      await(stream3.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      // 8 bytes before the newline
    }
    stream3.feedData(b("12345678"));
    try {
      await(stream3.readline());
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      // 8 bytes and no newline
    }
    assertEquals("", await(rest(stream3)));
    return done();
  }

  /** test_streams.py test_readline_limit. */
  @Test
  void readlineOverTheLimitWhileWaitingRaisesAndDropsTheLine() {
    runVirtual(readlineLimitWaiting());
  }

  @Coroutine
  static Coro<Void> readlineNoLimitNoWait() {
    StreamReader stream = new StreamReader();
    stream.feedData(java.util.Arrays.copyOfRange(DATA, 0, 6));
    stream.feedData(java.util.Arrays.copyOfRange(DATA, 6, DATA.length));
    assertEquals("line1\n", s(await(stream.readline())));
    assertEquals("line2\nline3\n", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readline_nolimit_nowait. */
  @Test
  void readlineReturnsABufferedLineWithoutWaiting() {
    runVirtual(readlineNoLimitNoWait());
  }

  @Coroutine
  static Coro<Void> readlineEof() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("some data"));
    stream.feedEof();
    assertEquals("some data", s(await(stream.readline())));
    StreamReader empty = new StreamReader();
    empty.feedEof();
    assertEquals(0, await(empty.readline()).length);
    return done();
  }

  /** test_streams.py test_readline_eof and test_readline_empty_eof. */
  @Test
  void readlineAtEofReturnsWhatIsLeftThenNothing() {
    runVirtual(readlineEof());
  }

  @Coroutine
  static Coro<Void> readlineReadByteCount() {
    StreamReader stream = new StreamReader();
    stream.feedData(DATA);
    await(stream.readline());
    assertEquals("line2\nl", s(await(stream.read(7))));
    assertEquals("ine3\n", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readline_read_byte_count. */
  @Test
  void readAfterReadlineContinuesWhereItStopped() {
    runVirtual(readlineReadByteCount());
  }

  @Coroutine
  static Coro<Void> readlineException() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("line\n"));
    assertEquals("line\n", s(await(stream.readline())));
    stream.setException(new IllegalArgumentException("boom"));
    try {
      await(stream.readline());
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      assertEquals("boom", expected.getMessage());
    }
    return done();
  }

  /** test_streams.py test_readline_exception. */
  @Test
  void readlineRaisesTheExceptionSet() {
    runVirtual(readlineException());
  }

  @Coroutine
  static Coro<Void> readuntilSeparator() {
    StreamReader stream = new StreamReader();
    Coro<byte[]> c = stream.readuntil(new byte[0]); // raises only when awaited, as Python's
    try {
      await(c);
      fail("no ValueError");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("Separator should be"));
    }
    return done();
  }

  /** test_streams.py test_readuntil_separator. */
  @Test
  void readuntilRefusesAnEmptySeparator() {
    runVirtual(readuntilSeparator());
  }

  @Coroutine
  static Coro<Void> readuntilMultiChunks() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("lineAAA"));
    assertEquals("lineAAA", s(await(stream.readuntil(b("AAA")))));
    stream.feedData(b("lineAAA"));
    assertEquals("lineAAA", s(await(stream.readuntil(b("AAA")))));
    stream.feedData(b("lineAAAxxx"));
    assertEquals("lineAAA", s(await(stream.readuntil(b("AAA")))));
    assertEquals("xxx", await(rest(stream)));

    StreamReader s2 = new StreamReader();
    s2.feedData(b("QWEaa"));
    s2.feedData(b("XYaa"));
    s2.feedData(b("a"));
    assertEquals("QWEaaXYaaa", s(await(s2.readuntil(b("aaa")))));
    s2.feedData(b("QWEaa"));
    s2.feedData(b("XYa"));
    s2.feedData(b("aa"));
    assertEquals("QWEaaXYaaa", s(await(s2.readuntil(b("aaa")))));
    s2.feedData(b("aaa"));
    assertEquals("aaa", s(await(s2.readuntil(b("aaa")))));
    s2.feedData(b("Xaaa"));
    assertEquals("Xaaa", s(await(s2.readuntil(b("aaa")))));
    s2.feedData(b("XXX"));
    s2.feedData(b("a"));
    s2.feedData(b("a"));
    s2.feedData(b("a"));
    assertEquals("XXXaaa", s(await(s2.readuntil(b("aaa")))));
    assertEquals("", await(rest(s2)));
    return done();
  }

  /** test_streams.py test_readuntil_multi_chunks and test_readuntil_multi_chunks_1. */
  @Test
  void readuntilFindsASeparatorSplitAcrossFeeds() {
    runVirtual(readuntilMultiChunks());
  }

  @Coroutine
  static Coro<Void> readuntilSeparatorArrivingLater() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("QWEaa"));
    Task<byte[]> read = createTask(stream.readuntil(b("aaa")));
    await(sleep(0));
    assertFalse(read.done());
    stream.feedData(b("XYa"));
    await(sleep(0));
    assertFalse(read.done());
    stream.feedData(b("aa"));
    assertEquals("QWEaaXYaaa", s(await(read)));
    return done();
  }

  /** test_streams.py test_readuntil_multi_chunks_1, with the reader waiting between feeds. */
  @Test
  void readuntilWaitingFindsASeparatorSplitAcrossFeeds() {
    runVirtual(readuntilSeparatorArrivingLater());
  }

  @Coroutine
  static Coro<Void> readuntilEof() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("some dataAA"));
    stream.feedEof();
    try {
      await(stream.readuntil(b("AAA")));
      fail("no IncompleteReadError");
    } catch (IncompleteReadError e) {
      assertTrue(e.getMessage().contains("undefined expected bytes"), e.getMessage());
      assertEquals("some dataAA", s(e.partial()));
      assertEquals(-1, e.expected(), "Python's None");
    }
    assertEquals("", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readuntil_eof. */
  @Test
  void readuntilAtEofRaisesIncompleteReadErrorWithEverythingLeft() {
    runVirtual(readuntilEof());
  }

  @Coroutine
  static Coro<Void> readuntilLimitFoundSep() {
    StreamReader stream = new StreamReader(3);
    stream.feedData(b("some dataAA"));
    try {
      await(stream.readuntil(b("AAA")));
      fail("no LimitOverrunError");
    } catch (LimitOverrunError e) {
      assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
    stream.feedData(b("A"));
    try {
      await(stream.readuntil(b("AAA")));
      fail("no LimitOverrunError");
    } catch (LimitOverrunError e) {
      assertTrue(e.getMessage().contains("is found"), e.getMessage());
      assertEquals(9, e.consumed());
    }
    assertEquals("some dataAAA", await(rest(stream)), "the data stays in the buffer");
    return done();
  }

  /** test_streams.py test_readuntil_limit_found_sep. */
  @Test
  void readuntilOverTheLimitRaisesLimitOverrunErrorAndKeepsTheData() {
    runVirtual(readuntilLimitFoundSep());
  }

  @Coroutine
  static Coro<Void> readexactlyZeroOrLess() {
    StreamReader stream = new StreamReader();
    stream.feedData(DATA);
    assertEquals(0, await(stream.readexactly(0)).length);
    try {
      await(stream.readexactly(-1));
      fail("no ValueError");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("less than zero"), e.getMessage());
    }
    assertEquals(s(DATA), await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readexactly_zero_or_less. */
  @Test
  void readexactlyOfZeroReturnsNothingAndOfANegativeCountRaises() {
    runVirtual(readexactlyZeroOrLess());
  }

  @Coroutine
  static Coro<Void> readexactly() {
    StreamReader stream = new StreamReader();
    int n = 2 * DATA.length;
    Task<byte[]> read = createTask(stream.readexactly(n));
    getRunningLoop().callSoon(() -> {
      stream.feedData(DATA);
      stream.feedData(DATA);
      stream.feedData(DATA);
    });
    assertEquals(s(DATA) + s(DATA), s(await(read)));
    assertEquals(s(DATA), await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readexactly. */
  @Test
  void readexactlyWaitsForAllTheBytes() {
    runVirtual(readexactly());
  }

  @Coroutine
  static Coro<Void> readexactlyLimit() {
    StreamReader stream = new StreamReader(3);
    stream.feedData(b("chunk"));
    assertEquals("chunk", s(await(stream.readexactly(5))));
    assertEquals("", await(rest(stream)));
    return done();
  }

  /** test_streams.py test_readexactly_limit. */
  @Test
  void readexactlyIsNotLimited() {
    runVirtual(readexactlyLimit());
  }

  @Coroutine
  static Coro<Void> readexactlyEof() {
    StreamReader stream = new StreamReader();
    int n = 2 * DATA.length;
    Task<byte[]> read = createTask(stream.readexactly(n));
    getRunningLoop().callSoon(() -> {
      stream.feedData(DATA);
      stream.feedEof();
    });
    try {
      await(read);
      fail("no IncompleteReadError");
    } catch (IncompleteReadError e) {
      assertEquals(s(DATA), s(e.partial()));
      assertEquals(n, e.expected());
      assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
    }
    assertTrue(stream.atEof(), "the buffer was emptied into partial");
    return done();
  }

  /** test_streams.py test_readexactly_eof. */
  @Test
  void readexactlyAtEofRaisesIncompleteReadErrorCarryingThePartialBytes() {
    runVirtual(readexactlyEof());
  }

  @Coroutine
  static Coro<Void> readexactlyException() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("line\n"));
    assertEquals("li", s(await(stream.readexactly(2))));
    stream.setException(new IllegalArgumentException("boom"));
    try {
      await(stream.readexactly(2));
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      assertEquals("boom", expected.getMessage());
    }
    return done();
  }

  /** test_streams.py test_readexactly_exception. */
  @Test
  void readexactlyRaisesTheExceptionSet() {
    runVirtual(readexactlyException());
  }

  /** test_streams.py test_exception. */
  @Test
  void exceptionReturnsTheExceptionSet() {
    StreamReader stream = new StreamReader();
    assertNull(stream.exception());
    IllegalArgumentException exc = new IllegalArgumentException();
    stream.setException(exc);
    assertSame(exc, stream.exception());
  }

  @Coroutine
  static Coro<Void> exceptionWaiter() {
    StreamReader stream = new StreamReader();
    Task<byte[]> t1 = createTask(stream.readline());
    await(sleep(0));
    stream.setException(new IllegalArgumentException("boom"));
    try {
      await(t1);
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      assertEquals("boom", expected.getMessage());
    }
    return done();
  }

  /** test_streams.py test_exception_waiter: setException wakes the waiting read with it. */
  @Test
  void setExceptionWakesTheWaitingReadWithIt() {
    runVirtual(exceptionWaiter());
  }

  @Coroutine
  static Coro<Void> exceptionCancel() {
    StreamReader stream = new StreamReader();
    Task<byte[]> t = createTask(stream.readline());
    await(sleep(0));
    t.cancel();
    await(sleep(0));
    // fails if setException() is not careful with the cancelled waiter
    stream.setException(new IllegalStateException("message"));
    await(sleep(0));
    assertTrue(t.cancelled());
    assertFalse(stream.toString().contains("waiter"), stream.toString());
    return done();
  }

  /** test_streams.py test_exception_cancel. */
  @Test
  void setExceptionAfterACancelledReadLeavesNoWaiter() {
    runVirtual(exceptionCancel());
  }

  @Coroutine
  static Coro<Void> cancelledReadKeepsTheStreamUsable() {
    StreamReader stream = new StreamReader();
    stream.feedData(b("abc"));
    Task<byte[]> t = createTask(stream.readexactly(5));
    await(sleep(0));
    t.cancel();
    try {
      await(t);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // the read gave up
    }
    stream.feedData(b("de\n"));
    assertEquals("abcde\n", s(await(stream.readline())), "a cancelled read consumed nothing");

    stream.feedData(b("xy"));
    Task<byte[]> all = createTask(stream.read());
    await(sleep(0));
    stream.feedData(b("z"));
    await(sleep(0));
    all.cancel();
    try {
      await(all);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // read() gave up: what it had gathered goes back
    }
    assertEquals("xyz", await(rest(stream)));
    return done();
  }

  /**
   * A read cancelled while waiting consumes nothing (Python's readexactly and readline; Weft's
   * read() also puts back what it had gathered, where Python drops it).
   */
  @Test
  void aCancelledReadConsumesNothing() {
    runVirtual(cancelledReadKeepsTheStreamUsable());
  }

  @Coroutine
  static Coro<Void> twoReaders() {
    StreamReader stream = new StreamReader();
    Task<byte[]> first = createTask(stream.read(1));
    await(sleep(0));
    try {
      await(stream.readline());
      fail("a second reader was let in");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains(
          "readline() called while another coroutine is already waiting for incoming data"),
          expected.getMessage());
    }
    stream.feedData(b("x"));
    assertEquals("x", s(await(first)));
    return done();
  }

  /** streams.py _wait_for_data: two coroutines cannot wait on one reader (RuntimeError). */
  @Test
  void aSecondReaderWaitingAtTheSameTimeIsRefused() {
    runVirtual(twoReaders());
  }

  @Coroutine
  static Coro<List<String>> lines() {
    StreamReader stream = new StreamReader();
    getRunningLoop().callSoon(() -> {
      stream.feedData(b("one\ntw"));
      stream.feedData(b("o\nthree"));
      stream.feedEof();
    });
    List<String> got = new ArrayList<>();
    for (var it = stream; await(it.hasNext()); ) {
      got.add(s(it.next()));
    }
    return done(got);
  }

  /**
   * streams.py StreamReader.__anext__: {@code async for line in reader}; the last line has no
   * newline.
   */
  @Test
  void asyncForIteratesOverLines() {
    assertEquals(List.of("one\n", "two\n", "three"), runVirtual(lines()));
  }

  /** test_streams.py test___repr__ and its variants. */
  @Test
  void toStringShowsBytesEofLimitAndException() {
    assertEquals("<StreamReader>", new StreamReader().toString());
    assertEquals("<StreamReader limit=123>", new StreamReader(123).toString());
    StreamReader eof = new StreamReader();
    eof.feedEof();
    assertEquals("<StreamReader eof>", eof.toString());
    StreamReader data = new StreamReader();
    data.feedData(b("data"));
    assertEquals("<StreamReader 4 bytes>", data.toString());
    StreamReader exc = new StreamReader();
    exc.setException(new IllegalStateException());
    assertEquals("<StreamReader exception=java.lang.IllegalStateException>", exc.toString());
  }

  /** test_streams.py test_IncompleteReadError_pickleable's values: partial, expected, message. */
  @Test
  void incompleteReadErrorCarriesItsPartialBytesAndExpectedCount() {
    byte[] partial = b("abc");
    IncompleteReadError e = new IncompleteReadError(partial, 10);
    partial[0] = 'x';
    assertEquals("abc", s(e.partial()));
    assertEquals(10, e.expected());
    assertEquals("3 bytes read on a total of 10 expected bytes", e.getMessage());
    LimitOverrunError l = new LimitOverrunError("message", 10);
    assertEquals("message", l.getMessage());
    assertEquals(10, l.consumed());
  }
}
