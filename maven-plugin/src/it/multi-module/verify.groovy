// Both modules were woven, and the app's test (run in the reactor) passed.
def log = new File(basedir, 'build.log').text

assert log.contains('Woven: com.example.shapes.Shapes') : 'shapes was not woven'
assert log.contains('Weft wove 1 class in') && !log.contains('Weft wove 2') : 'only Shapes and Report have coroutines'
assert log.contains('Woven: com.example.app.Report') : 'app was not woven'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

return true
