package org.liaison.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The real server ({@code org.liaison.server.ServerCommand}) as a child JVM of its own, so that it
 * has its own open-file limit and its CPU and memory can be told apart from the generator's. It
 * runs on a fresh data directory with the bench PKI ({@code --dev --pki-dir}) and the settings
 * given, optionally pinned with {@code taskset}. Memory is read over JMX (attach API) after a GC.
 */
final class ServerChild implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private JMXConnector jmx;

    private ServerChild(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param settings server configuration keys (README, "Server configuration") beyond the address,
     *     data directory and PKI
     */
    static ServerChild start(BenchOptions options, Path pkiDir, Map<String, String> settings)
            throws IOException, InterruptedException {
        // Absolute: the server resolves the paths of its configuration file relative to the file.
        Path runDir = Files.createDirectories(options.workDir().toAbsolutePath().resolve("runs"))
                .resolve("server-" + System.currentTimeMillis());
        Files.createDirectories(runDir);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listen.host", "127.0.0.1");
        all.put("listen.port", "0");
        all.put("data.dir", runDir.resolve("data").toString());
        all.putAll(settings);
        Path config = runDir.resolve("server.properties");
        StringBuilder text = new StringBuilder("# written by liaison-bench\n");
        all.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(config, text.toString());

        List<String> command = new ArrayList<>(Pinning.prefix(options.serverCpus()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.serverHeap());
        command.add("-Xms" + options.serverHeap());
        for (String option : options.serverJavaOpts.split(" ")) {
            if (!option.isBlank()) {
                command.add(option.replace("{run}", runDir.toString()));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.liaison.server.ServerCommand", "--config", config.toString(),
                "--dev", "--pki-dir", pkiDir.toAbsolutePath().toString()));
        Path log = runDir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LIAISON_LOG_LEVEL", options.serverLogLevel());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(log));
            }
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new ServerChild(process, log, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not listen within 60 s; see " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Server memory after a full GC. */
    record Memory(long heapUsed, long directUsed, long directCount, long rss) {
    }

    /** Runs a GC in the server (twice, to settle) and reads heap, direct buffers and RSS. */
    Memory memoryAfterGc() throws IOException, InterruptedException {
        MBeanServerConnection server = jmx().getMBeanServerConnection();
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server,
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        memory.gc();
        Thread.sleep(200);
        memory.gc();
        long direct = 0;
        long count = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
                count = pool.getCount();
            }
        }
        return new Memory(memory.getHeapMemoryUsage().getUsed(), direct, count, ProcessCpu.rssBytes(pid()));
    }

    /**
     * The server's heap class histogram ({@code jcmd PID GC.class_histogram}), written next to its
     * log; returns its first {@code lines} classes, the largest by bytes.
     */
    List<String> classHistogram(int lines) throws IOException, InterruptedException {
        Path file = log.resolveSibling("class-histogram.txt");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process jcmdProcess = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        jcmdProcess.waitFor(60, TimeUnit.SECONDS);
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return all.stream().filter(line -> line.matches("\\s*\\d+:.*"))
                .limit(lines).map(line -> line.strip().replaceAll("\\s+", " ")).toList();
    }

    private JMXConnector jmx() throws IOException {
        if (jmx == null) {
            try {
                VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid()));
                String address = vm.startLocalManagementAgent();
                vm.detach();
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException("cannot attach to the server process " + pid(), e);
            }
        }
        return jmx;
    }

    /** The last lines the server logged (for error reports). */
    List<String> tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server as Ctrl-C would (SIGTERM: clean shutdown), forcibly after 30 s. */
    @Override
    public void close() throws IOException {
        if (jmx != null) {
            jmx.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
