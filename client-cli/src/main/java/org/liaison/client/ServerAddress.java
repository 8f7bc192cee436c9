package org.liaison.client;

/**
 * A server's host and TCP port, as written {@code host:port} (an IPv6 literal
 * in brackets: {@code [::1]:7443}).
 *
 * @param host host name or IP literal (without brackets), never blank
 * @param port TCP port, 1-65535
 */
public record ServerAddress(String host, int port) {

    /** Validates the host and the port range. */
    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static ServerAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected HOST:PORT, got nothing");
        }
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address needs brackets: [" + host + "]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "': the port is not a number");
        }
        return new ServerAddress(host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
