// SelectionTest checked the behaviour (woven or "not woven"); check the log agrees.
def log = new File(basedir, 'build.log').text

assert log.contains('Woven: com.example.included.Counter') : 'the included class was not woven'
assert !log.contains('Woven: com.example.excluded.Legacy') : 'the excluded class was woven'
assert !log.contains('Woven: org.other.Outside') : 'a class outside the includes was woven'
assert log.contains('Weft wove 1 class in') : 'expected exactly one woven class'
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')

return true
