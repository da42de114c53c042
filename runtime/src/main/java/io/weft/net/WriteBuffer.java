package io.weft.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * A transport's write buffer: the bytes a socket did not take yet, in order. Python's {@code
 * _SelectorTransport._buffer} (a deque of bytes).
 *
 * <p>Small writes are copied into the free tail of the last chunk, so that a thousand 10-byte
 * writes while the socket is full become a few chunks, not a thousand. Each flush hands the
 * socket at most {@link #MAX_WRITE} bytes per call: the JDK copies heap buffers into a temporary
 * direct buffer of the size asked for and caches it per thread, so one 10 MB write would pin 10 MB
 * of native memory.
 */
final class WriteBuffer {
  /** The largest slice given to one {@code write} call: Python's {@code max_size} (256 KiB). */
  static final int MAX_WRITE = 256 * 1024;

  /** Writes smaller than this are coalesced into shared chunks. */
  private static final int SMALL = 4 * 1024;

  /** The size of a shared chunk. */
  private static final int CHUNK = 16 * 1024;

  /** The chunks, each in read mode: its pending bytes are between position and limit. */
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();

  private long size;

  boolean isEmpty() {
    return size == 0;
  }

  long size() {
    return size;
  }

  /** Copies the remaining bytes of {@code src} (consuming them) to the end of the buffer. */
  void add(ByteBuffer src) {
    int n = src.remaining();
    if (n == 0) {
      return;
    }
    ByteBuffer tail = chunks.peekLast();
    if (n < SMALL && tail != null && tail.capacity() - tail.limit() >= n) {
      int at = tail.limit();
      tail.limit(at + n);
      tail.put(at, src, src.position(), n);
      src.position(src.limit());
    } else {
      ByteBuffer chunk = ByteBuffer.allocate(n < SMALL ? CHUNK : n);
      chunk.put(src);
      chunk.flip();
      chunks.addLast(chunk);
    }
    size += n;
  }

  /** Drops every pending byte. */
  void clear() {
    chunks.clear();
    size = 0;
  }

  /**
   * Sends as much as {@code channel} takes now.
   *
   * @return the number of bytes sent
   * @throws IOException what the channel raised; the buffer keeps what was not sent
   */
  long flushTo(GatheringByteChannel channel) throws IOException {
    long sent = 0;
    ByteBuffer head;
    while ((head = chunks.peekFirst()) != null) {
      int want = Math.min(head.remaining(), MAX_WRITE);
      int n = writeSlice(channel, head, want);
      sent += n;
      size -= n;
      if (!head.hasRemaining()) {
        chunks.pollFirst();
      }
      if (n < want) {
        break; // the socket is full
      }
    }
    return sent;
  }

  /**
   * Writes at most {@code want} bytes of {@code src} (its position advances by what was sent).
   */
  static int writeSlice(GatheringByteChannel channel, ByteBuffer src, int want)
      throws IOException {
    if (want == src.remaining()) {
      return channel.write(src);
    }
    int limit = src.limit();
    src.limit(src.position() + want);
    try {
      return channel.write(src);
    } finally {
      src.limit(limit);
    }
  }
}
