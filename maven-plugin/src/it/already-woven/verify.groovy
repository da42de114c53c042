// The execution "first" wove Ticker and the antrun execution copied the result to
// target/first-pass; the execution "second" must have found it woven and left it alone.
def firstPass = new File(basedir, 'target/first-pass/Ticker.class').bytes
def afterSecond = new File(basedir, 'target/classes/com/example/Ticker.class').bytes
def log = new File(basedir, 'build.log').text

// The woven marker is the class annotation io.weft.internal.Woven.
def marker = 'Lio/weft/internal/Woven;'
assert new String(firstPass, 'ISO-8859-1').contains(marker) : 'the first pass did not weave Ticker'
assert Arrays.equals(firstPass, afterSecond) : 'the second pass changed the bytes of Ticker.class'

assert log.contains('Woven: com.example.Ticker') : 'the first pass did not log Ticker as woven'
assert log.contains('Already woven, skipped: com.example.Ticker') : 'the second pass did not skip Ticker'
assert log.contains('Weft wove 0 classes') && log.contains('1 already woven') : 'no summary of the second pass'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

return true
