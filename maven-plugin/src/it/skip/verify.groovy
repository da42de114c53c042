// -Dweft.skip=true: both goals say they skip, and the class file carries no woven marker.
def log = new File(basedir, 'build.log').text

assert log.findAll(/Skipping Weft weaving of \S+/).size() == 2 : 'weave and weave-tests did not both skip'
assert !log.contains('Weft wove')

def bytes = new File(basedir, 'target/classes/com/example/Countdown.class').bytes
assert !new String(bytes, 'ISO-8859-1').contains('Lio/weft/internal/Woven;') : 'Countdown was woven'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

return true
