package org.liaison.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Scenario E: the JMH benchmarks of this module ({@code org.liaison.bench.jmh}) through JMH's own
 * command line, e.g. {@code jmh -p recipients=1,10,50 Envelope}; JMH prints its summary table and,
 * unless told otherwise ({@code -rf}/{@code -rff}), writes its JSON to
 * {@code bench-results/jmh-<timestamp>.json}.
 */
@Command(name = "jmh", description = "E: JMH benchmarks of envelope seal/open by recipient count and "
        + "Ed25519 verify (Bouncy Castle vs JDK); all arguments go to JMH (jmh -h lists them).")
final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> jmh = new ArrayList<>(arguments);
        if (!jmh.contains("-rf") && !jmh.contains("-rff") && !jmh.contains("-h") && !jmh.contains("-l")) {
            Path out = Path.of("bench-results", "jmh-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(Instant.now()) + ".json");
            Files.createDirectories(out.getParent());
            jmh.addAll(0, List.of("-rf", "json", "-rff", out.toString()));
        }
        org.openjdk.jmh.Main.main(jmh.toArray(String[]::new));
        return 0;
    }
}
