package org.liaison.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Scenario E: runs the JMH benchmarks of this module ({@code org.liaison.bench.jmh}) with JMH's own
 * command line, e.g. {@code jmh -f 1 -wi 2 -i 3 Envelope}.
 */
@Command(name = "jmh", description = "E: JMH benchmarks of envelope seal/open and Ed25519 verify; "
        + "arguments go to JMH (try: jmh -h).")
final class JmhCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "JMH-ARGS")
    java.util.List<String> arguments = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
        return 0;
    }
}
