/**
 * The internal ABI between woven classes and the runtime. Not an API: nothing here is for
 * application code, and everything may change between releases. The ABI is versioned ({@link
 * io.weft.internal.Abi#VERSION}); a class woven for another version fails at its first coroutine
 * call with a message naming the class and the fix, never strangely. The package also holds what
 * the runtime's own packages share and do not publish ({@link io.weft.internal.OpenResources},
 * {@link io.weft.internal.LoopInternals}).
 */
package io.weft.internal;
