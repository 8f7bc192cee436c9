package org.liaison.server.session;

import java.time.Duration;

/** What the server tells clients in Welcome about how to talk to it. */
public record SessionSettings(Duration heartbeatInterval, int maxFrameBytes, String serverVersion) {}
