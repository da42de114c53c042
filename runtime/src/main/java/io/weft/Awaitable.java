package io.weft;

/**
 * Something a coroutine can wait for with {@link Asyncio#await(Awaitable)}: a {@link Coro} or a
 * {@link Future} (and so a {@link Task}). Python's {@code collections.abc.Awaitable}.
 *
 * <p>Implemented by the runtime only; a {@link java.util.concurrent.CompletionStage} is awaitable
 * too, through its own overload of {@code await}.
 *
 * @param <T> the type of the value awaiting it evaluates to
 */
public interface Awaitable<T> {}
