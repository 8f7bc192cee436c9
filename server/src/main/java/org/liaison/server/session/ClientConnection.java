package org.liaison.server.session;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.liaison.proto.v1.ServerFrame;

/**
 * A greeted connection as request handlers and deliverers see it: who is on it, and a way to
 * push frames that respects the connection's back-pressure, without exposing the pipeline.
 */
public final class ClientConnection {
  private final Channel channel;
  private final Session session;
  private final List<Runnable> writableListeners = new CopyOnWriteArrayList<>();

  public ClientConnection(Channel channel, Session session) {
    this.channel = channel;
    this.session = session;
  }

  public Session session() {
    return session;
  }

  /** The connection's event loop: push and flush only from there. */
  public Executor executor() {
    return channel.eventLoop();
  }

  public boolean inExecutor() {
    return channel.eventLoop().inEventLoop();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /**
   * False while the outbound buffer is above its high-water mark: stop pushing and wait for
   * {@link #onWritable}, leaving the backlog in storage.
   */
  public boolean isWritable() {
    return channel.isWritable();
  }

  /** Queues a pushed frame (request id 0); call {@link #flush()} after a burst. */
  public void push(ServerFrame frame) {
    channel.write(frame, channel.voidPromise());
  }

  /** As {@link #push(ServerFrame)}, the frame encoded once for all the connections it goes to. */
  public void push(EncodedFrame frame) {
    channel.write(frame, channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  /** Runs {@code listener} on the event loop each time the connection becomes writable again. */
  public void onWritable(Runnable listener) {
    writableListeners.add(listener);
  }

  /** Runs {@code listener} once the connection is closed. */
  public void onClose(Runnable listener) {
    channel.closeFuture().addListener(f -> listener.run());
  }

  void writabilityChanged() {
    if (channel.isWritable()) {
      writableListeners.forEach(Runnable::run);
    }
  }

  @Override
  public String toString() {
    return session.toString();
  }
}
