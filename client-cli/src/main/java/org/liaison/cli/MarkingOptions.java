package org.liaison.cli;

import java.util.Optional;
import org.liaison.markings.Clearance;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Precedence;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The markings options of {@code send} and {@code task create} (docs/markings.md): {@code --class},
 * {@code --rel} and {@code --precedence}. Each one left out is taken from the channel's signed
 * default markings, so that naming only a higher classification never widens who it is released to.
 */
final class MarkingOptions {

    @Option(names = "--class", paramLabel = "CLASSIFICATION", converter = ClassificationConverter.class,
            description = "Classification: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET (any case); at most the "
                    + "channel's ceiling. Default: the channel's default markings.")
    Classification classification;

    @Option(names = "--rel", paramLabel = "NATIONS",
            description = "Releasable to: ALL, or nations as ISO 3166 two-letter codes separated by commas "
                    + "(e.g. FR,MA); must include your own. Default: the channel's default markings.")
    String releasable;

    @Option(names = "--precedence", paramLabel = "PRECEDENCE", converter = PrecedenceConverter.class,
            description = "Precedence: ROUTINE, PRIORITY, IMMEDIATE or FLASH (any case). "
                    + "Default: the channel's default markings.")
    Precedence precedence;

    /** Whether any markings option was given. */
    boolean given() {
        return classification != null || releasable != null || precedence != null;
    }

    /**
     * The markings asked for, the parts not given taken from {@code channelDefault}; empty when no
     * option was given (the channel's default applies as it is).
     *
     * @throws IllegalArgumentException when the result is not a well-formed marking (e.g. a bad nation)
     */
    Optional<org.liaison.proto.v1.Markings> resolve(org.liaison.proto.v1.Markings channelDefault) {
        if (!given()) {
            return Optional.empty();
        }
        String rel = releasable != null ? releasable : channelDefault.getReleasableToAll() ? "ALL"
                : String.join(",", channelDefault.getReleasableToList());
        return Optional.of(Markings.of(classification != null ? classification : channelDefault.getClassification(),
                rel, precedence != null ? precedence : channelDefault.getPrecedence()));
    }

    /**
     * Parses {@code CLASSIFICATION/RELEASABLE[/PRECEDENCE]}, e.g. {@code RESTRICTED/FR,MA/ROUTINE} or
     * {@code SECRET/ALL} (precedence ROUTINE when left out), as {@code channel create --default-markings}
     * takes it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static org.liaison.proto.v1.Markings parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("markings must be CLASSIFICATION/RELEASABLE[/PRECEDENCE], e.g. "
                    + "RESTRICTED/FR,MA/ROUTINE or SECRET/ALL; got '" + text + "'");
        }
        return Markings.of(Clearance.parse(parts[0].strip()), parts[1],
                parts.length == 3 ? Markings.precedence(parts[2].strip()) : Precedence.PRECEDENCE_ROUTINE);
    }

    /** The short form of {@link #parse}: {@code RESTRICTED/FR,MA/ROUTINE}. */
    static String format(org.liaison.proto.v1.Markings markings) {
        return Markings.name(markings.getClassification()) + "/"
                + (markings.getReleasableToAll() ? "ALL" : String.join(",", markings.getReleasableToList())) + "/"
                + Markings.name(markings.getPrecedence());
    }

    /** Picocli converter for a classification name. */
    static final class ClassificationConverter implements ITypeConverter<Classification> {
        @Override
        public Classification convert(String value) {
            try {
                return Clearance.parse(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Picocli converter for a precedence name. */
    static final class PrecedenceConverter implements ITypeConverter<Precedence> {
        @Override
        public Precedence convert(String value) {
            try {
                return Markings.precedence(value.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Picocli converter for {@code CLASSIFICATION/RELEASABLE[/PRECEDENCE]}. */
    static final class MarkingsConverter implements ITypeConverter<org.liaison.proto.v1.Markings> {
        @Override
        public org.liaison.proto.v1.Markings convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
