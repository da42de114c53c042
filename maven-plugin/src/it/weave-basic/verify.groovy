// The build passed, so the tests in CountdownTest ran against woven classes. Check that they
// did run, and that each goal logged what it wove.
def log = new File(basedir, 'build.log').text

assert log.contains('Woven: com.example.Countdown') : 'goal weave did not weave com.example.Countdown'
assert log.contains('Woven: com.example.CountdownTest') : 'goal weave-tests did not weave com.example.CountdownTest'
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0') : 'CountdownTest did not run its 3 tests'

return true
