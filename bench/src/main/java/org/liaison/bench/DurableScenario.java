package org.liaison.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "durable")
final class DurableScenario implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
