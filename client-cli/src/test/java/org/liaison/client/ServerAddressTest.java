package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "localhost:7443, localhost, 7443",
        "liaison.example.org:1, liaison.example.org, 1",
        "127.0.0.1:65535, 127.0.0.1, 65535",
        "'[::1]:7443', ::1, 7443"})
    void parsesHostAndPort(String text, String host, int port) {
        ServerAddress address = ServerAddress.parse(text);

        assertThat(address).isEqualTo(new ServerAddress(host, port));
        assertThat(address.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", ":7443", "localhost:http", "localhost:0", "localhost:70000",
        "::1:7443"})
    void refusesMalformedAddresses(String text) {
        assertThatThrownBy(() -> ServerAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
