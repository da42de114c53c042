package io.weft.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The Netty baseline of H1 and E1: one event-loop thread (the boss and worker group is one NIO
 * group of one thread: Netty 4.2's {@code MultiThreadIoEventLoopGroup(1,
 * NioIoHandler.newFactory())}, which is what its deprecated {@code NioEventLoopGroup(1)} builds),
 * written the way Netty's own examples are.
 *
 * <ul>
 *   <li>{@code http}: {@code HttpServerCodec}, then a handler that answers each {@code
 *       HttpRequest} with a {@code FullHttpResponse} (keep-alive unless the request says
 *       otherwise) written in {@code channelRead} and flushed in {@code channelReadComplete}, so
 *       pipelined requests share a flush. The body is one unreleasable direct buffer, duplicated;
 *   <li>{@code echo}: {@code channelRead} writes the buffer back, {@code channelReadComplete}
 *       flushes.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.NettyServers http 8080
 * </pre>
 */
public final class NettyServers {
  private NettyServers() {}

  /**
   * Serves until killed.
   *
   * @param args {@code http} or {@code echo}, and the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    NetServer.main("netty", args, NettyServers::start);
  }

  static NetServer start(NetServer.Kind kind, int port) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.directBuffer(HttpHello.BODY.length())
        .writeBytes(HttpHello.BODY.getBytes(StandardCharsets.US_ASCII)));
    ServerBootstrap b = new ServerBootstrap()
        .group(group, group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, NetServer.BACKLOG)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (kind == NetServer.Kind.HTTP) {
              ch.pipeline().addLast(new HttpServerCodec(), new Hello(body));
            } else {
              ch.pipeline().addLast(ECHO);
            }
          }
        });
    Channel server;
    try {
      server = b.bind(NetServer.HOST, port).sync().channel();
    } catch (Exception | Error e) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
    int bound = ((InetSocketAddress) server.localAddress()).getPort();
    return new NetServer() {
      @Override
      public int port() {
        return bound;
      }

      @Override
      public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
            .syncUninterruptibly();
      }
    };
  }

  /** H1: a FullHttpResponse per request. */
  static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
    private final ByteBuf body;

    Hello(ByteBuf body) {
      this.body = body;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        return; // the request's (empty) content: released by the superclass
      }
      HttpRequest request = (HttpRequest) msg;
      if (request.decoderResult().isFailure()) {
        FullHttpResponse bad = new DefaultFullHttpResponse(request.protocolVersion(),
            HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
        bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
          HttpResponseStatus.OK, body.duplicate());
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      if (keepAlive) {
        if (!request.protocolVersion().isKeepAliveDefault()) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a reset by the client
    }
  }

  /** E1: stateless, so one instance serves every connection. */
  private static final ChannelHandler ECHO = new Echo();

  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
