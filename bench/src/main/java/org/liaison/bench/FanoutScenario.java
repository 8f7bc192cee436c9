package org.liaison.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "fanout")
final class FanoutScenario implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
