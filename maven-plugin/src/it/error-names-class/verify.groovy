// The build failed (invoker.properties). Check it failed for the right reason, naming for each
// refused method its class, its name, the source line of the suspension, and the fix; and that
// both classes were tried before the build stopped.
def log = new File(basedir, 'build.log').text

def yieldLine = { String className ->
    def source = new File(basedir, "src/main/java/com/example/${className}.java")
    def index = source.readLines().findIndexOf { it.contains('Generator.yield(') }
    assert index >= 0
    index + 1
}

[['Feed', 'items'], ['Ledger', 'drain']].each { className, method ->
    def location = "${className}.java:${yieldLine(className)}"
    def lines = log.readLines().findAll { it.contains(location) }
    assert !lines.isEmpty() : "build.log does not mention ${location}"
    def line = lines.first()
    assert line.contains("com.example.${className}") : "no class name in: ${line}"
    assert line.contains(method) : "no method name in: ${line}"
    assert line.contains('Fix:') : "no fix in: ${line}"
}

assert log.contains('Weft refused to weave 2 methods') : 'the failure does not count both refusals'
assert log.contains('BUILD FAILURE')

return true
