package org.liaison.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One scenario's result: named figures in order, printed as a human summary and written as JSON,
 * with the machine and the command line that produced them.
 */
final class Results {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final String scenario;
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Results(String scenario, List<String> arguments) {
        this.scenario = scenario;
        root.put("scenario", scenario);
        root.put("time", Instant.now().toString());
        root.put("command", "bin/liaison-bench " + String.join(" ", arguments));
        root.put("machine", machine());
        root.put("figures", figures);
    }

    /** Adds a figure (kept in insertion order) and returns it. */
    <T> T put(String name, T value) {
        figures.put(name, value);
        return value;
    }

    void note(String text) {
        @SuppressWarnings("unchecked")
        List<String> notes = (List<String>) root.computeIfAbsent("notes", k -> new java.util.ArrayList<String>());
        notes.add(text);
    }

    /** Latency percentiles of {@code histogram} (recorded in microseconds), in milliseconds. */
    static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", histogram.getTotalCount());
        out.put("p50_ms", histogram.getValueAtPercentile(50) / 1000.0);
        out.put("p99_ms", histogram.getValueAtPercentile(99) / 1000.0);
        out.put("p99_9_ms", histogram.getValueAtPercentile(99.9) / 1000.0);
        out.put("max_ms", histogram.getMaxValue() / 1000.0);
        return out;
    }

    /** Prints the summary and writes the JSON file; returns the file. */
    Path finish(Path out) throws IOException {
        root.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        System.out.println();
        System.out.println("== " + scenario + " ==");
        figures.forEach((name, value) -> {
            try {
                System.out.printf("  %-34s %s%n", name, value instanceof Map || value instanceof List
                        ? json.writeValueAsString(value).replaceAll("\\s+", " ") : format(value));
            } catch (IOException e) {
                System.out.printf("  %-34s %s%n", name, value);
            }
        });
        if (root.containsKey("notes")) {
            ((List<?>) root.get("notes")).forEach(note -> System.out.println("  note: " + note));
        }
        Path file = out != null ? out
                : Path.of("bench-results", scenario + "-" + STAMP.format(Instant.now()) + ".json");
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        json.writeValue(file.toFile(), root);
        System.out.println("  written to " + file);
        return file;
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format("%.2f", d);
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("cpu_model", cpuModel());
        machine.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
