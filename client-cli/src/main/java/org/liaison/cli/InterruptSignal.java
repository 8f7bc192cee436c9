package org.liaison.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGINT (Ctrl-C) instead of letting the JVM exit with
 * status 130, so that a long-running verb can stop cleanly and exit 0; the
 * previous handler is restored on {@link #close()}.
 *
 * <p>The JDK offers this only through {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}). It is reached by reflection so that the build
 * stays free of proprietary-API warnings, and so that where it is missing
 * the verb still works: Ctrl-C then simply ends the process.
 */
final class InterruptSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InterruptSignal.class);

    private final Method handle;
    private final Object signal;
    private final Object previous;

    private InterruptSignal(Method handle, Object signal, Object previous) {
        this.handle = handle;
        this.signal = signal;
        this.previous = previous;
    }

    /** Installs {@code action} as the SIGINT handler until {@link #close()}. */
    static InterruptSignal onInterrupt(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "InterruptSignal handler";
                    });
            return new InterruptSignal(handle, signal, handle.invoke(null, signal, handler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // IllegalArgumentException when the JVM reserves SIGINT (-Xrs): Ctrl-C then ends the process.
            log.debug("cannot handle SIGINT: {}", e.toString());
            return new InterruptSignal(null, null, null);
        }
    }

    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        try {
            handle.invoke(null, signal, previous);
        } catch (IllegalAccessException | InvocationTargetException e) {
            log.debug("cannot restore the SIGINT handler: {}", e.toString());
        }
    }
}
