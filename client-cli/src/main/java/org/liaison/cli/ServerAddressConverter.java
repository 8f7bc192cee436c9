package org.liaison.cli;

import org.liaison.client.ServerAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code --server HOST:PORT}; a malformed value is a usage error. */
final class ServerAddressConverter implements ITypeConverter<ServerAddress> {

    @Override
    public ServerAddress convert(String value) {
        try {
            return ServerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
