package org.liaison.server.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A heap allocator that counts what is allocated through it: the buffers and bytes still live,
 * and the most bytes live at once. A pipeline given this allocator must end an input with nothing
 * live (nothing leaked) and must never have held much more than a frame's worth at once.
 */
final class CountingAllocator extends AbstractByteBufAllocator {
  private final AtomicLong liveBuffers = new AtomicLong();
  private final AtomicLong liveBytes = new AtomicLong();
  private final AtomicLong peakBytes = new AtomicLong();

  CountingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return new CountedBuffer(initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return new CountedBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  long liveBuffers() {
    return liveBuffers.get();
  }

  long liveBytes() {
    return liveBytes.get();
  }

  long peakBytes() {
    return peakBytes.get();
  }

  /** Starts a new measure of the peak from what is live now. */
  void resetPeak() {
    peakBytes.set(liveBytes.get());
  }

  private final class CountedBuffer extends UnpooledHeapByteBuf {
    CountedBuffer(int initialCapacity, int maxCapacity) {
      super(CountingAllocator.this, initialCapacity, maxCapacity);
      liveBuffers.incrementAndGet();
    }

    @Override
    protected byte[] allocateArray(int length) {
      long live = liveBytes.addAndGet(length);
      peakBytes.accumulateAndGet(live, Math::max);
      return super.allocateArray(length);
    }

    @Override
    protected void freeArray(byte[] array) {
      liveBytes.addAndGet(-array.length);
      super.freeArray(array);
    }

    @Override
    protected void deallocate() {
      super.deallocate();
      liveBuffers.decrementAndGet();
    }
  }
}
