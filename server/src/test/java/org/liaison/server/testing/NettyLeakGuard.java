package org.liaison.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose code leaked a Netty reference-counted object. Registered for every test
 * class by auto-detection ({@code META-INF/services}); the tests run with leak detection on
 * PARANOID, so every buffer is tracked. Netty reports a leak only when the garbage collector has
 * found the unreleased buffer and a later allocation looks; after each class this collects
 * garbage, waits until the collector has queued it, allocates, and fails the class with the
 * reports (one collection per class: about 0.2 s).
 */
public final class NettyLeakGuard implements AfterAllCallback {
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
  private static final long GC_WAIT_MILLIS = 2_000;

  static {
    // Before any buffer class makes its detector: every detector then reports here too.
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ReportingFactory());
  }

  /** The leaks reported so far in this JVM (for fuzz targets that check after every input). */
  public static List<String> reports() {
    return List.copyOf(REPORTS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
      return;
    }
    collectGarbage();
    // Each tracked allocation polls the detector's queue of collected, unreleased buffers. A
    // leak found later still fails a class: the reports are kept until a class fails with them.
    release(PooledByteBufAllocator.DEFAULT.buffer(1));
    release(PooledByteBufAllocator.DEFAULT.directBuffer(1));
    release(UnpooledByteBufAllocator.DEFAULT.buffer(1));
    if (!REPORTS.isEmpty()) {
      List<String> found = reports();
      REPORTS.clear();
      throw new AssertionError(found.size() + " Netty leak(s) found after "
          + context.getDisplayName() + ":\n" + String.join("\n", found));
    }
  }

  /**
   * Collects garbage and waits until the collector has queued what it found unreachable (a
   * sentinel of ours is queued with Netty's leaked buffers), so that the detectors can see them.
   */
  private static void collectGarbage() {
    ReferenceQueue<Object> collected = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), collected);
    System.gc();
    try {
      collected.remove(GC_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Reference.reachabilityFence(sentinel);
  }

  private static void release(ByteBuf buffer) {
    buffer.release();
  }

  private static final class ReportingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
        int samplingInterval, long maxActive) {
      return new ReportingDetector<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
        int samplingInterval) {
      return new ReportingDetector<>(resource, samplingInterval);
    }
  }

  private static final class ReportingDetector<T> extends ResourceLeakDetector<T> {
    ReportingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      REPORTS.add("LEAK: " + resourceType + ".release() was not called" + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      REPORTS.add("LEAK: " + resourceType + ".release() was not called (untraced)");
      super.reportUntracedLeak(resourceType);
    }
  }
}
