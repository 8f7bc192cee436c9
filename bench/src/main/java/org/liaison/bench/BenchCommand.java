package org.liaison.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code liaison-bench}: drives the real server, started as a child process, over real mutual TLS
 * with real signed envelopes, and prints and writes (JSON) what it measured. Never part of the
 * test suite; see docs/performance.md.
 */
@Command(name = "liaison-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the Liaison server (docs/performance.md).",
        subcommands = {ConnectionsScenario.class, HandshakeScenario.class, FanoutScenario.class,
                DurableScenario.class, JmhCommand.class, ConnectionWorker.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
