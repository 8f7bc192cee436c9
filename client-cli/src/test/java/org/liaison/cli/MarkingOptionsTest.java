package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.client.Delivery;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.Precedence;
import picocli.CommandLine;

/** The markings options of the CLI: parsing, completion from the channel's default, warnings. */
class MarkingOptionsTest {

    private static final org.liaison.proto.v1.Markings RESTRICTED_FR_MA =
            Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR,MA", Precedence.PRECEDENCE_ROUTINE);

    @Test
    void defaultMarkingsParseFromTheShortForm() {
        assertThat(MarkingOptions.parse("restricted/ma, fr/flash")).isEqualTo(
                Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR,MA", Precedence.PRECEDENCE_FLASH));
        assertThat(MarkingOptions.parse("SECRET/ALL")).isEqualTo(
                Markings.of(Classification.CLASSIFICATION_SECRET, "ALL", Precedence.PRECEDENCE_ROUTINE));
        assertThat(MarkingOptions.format(RESTRICTED_FR_MA)).isEqualTo("RESTRICTED/FR,MA/ROUTINE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SECRET", "TOPSECRET/ALL", "SECRET/FRA", "SECRET/ALL/URGENT", "SECRET//ROUTINE",
            "SECRET/FR/ROUTINE/x"})
    void badShortFormsAreRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> MarkingOptions.parse(text));
    }

    @Test
    void sendParsesItsMarkingsOptions() {
        SendCommand send = new SendCommand();
        new CommandLine(send).parseArgs("ops", "--class", "confidential", "--rel", "fr,ma", "--precedence", "flash",
                "gate", "4");

        assertThat(send.words).containsExactly("gate", "4");
        assertThat(send.marking.resolve(Markings.DEFAULT)).contains(
                Markings.of(Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA", Precedence.PRECEDENCE_FLASH));
    }

    @Test
    void optionsLeftOutComeFromTheChannelsDefaultSoReleaseIsNeverWidened() {
        SendCommand send = new SendCommand();
        new CommandLine(send).parseArgs("ops", "--class", "SECRET", "text");

        assertThat(send.marking.resolve(RESTRICTED_FR_MA)).contains(
                Markings.of(Classification.CLASSIFICATION_SECRET, "FR,MA", Precedence.PRECEDENCE_ROUTINE));
    }

    @Test
    void noOptionMeansTheChannelsDefault() {
        SendCommand send = new SendCommand();
        new CommandLine(send).parseArgs("ops", "text");

        assertThat(send.marking.given()).isFalse();
        assertThat(send.marking.resolve(RESTRICTED_FR_MA)).isEmpty();
    }

    @Test
    void taskCreateAndChannelCreateParseTheirMarkings() {
        TaskCommand.Create task = new TaskCommand.Create();
        new CommandLine(task).parseArgs("ops", "--title", "t", "--assignee", "ma-dgsn.k", "--rel", "ALL");
        ChannelCommand.Create channel = new ChannelCommand.Create();
        new CommandLine(channel).parseArgs("ops", "--ceiling", "secret", "--default-markings", "RESTRICTED/FR,MA");

        assertThat(task.marking.resolve(RESTRICTED_FR_MA)).contains(
                Markings.of(Classification.CLASSIFICATION_RESTRICTED, "ALL", Precedence.PRECEDENCE_ROUTINE));
        assertThat(channel.ceiling).isEqualTo(Classification.CLASSIFICATION_SECRET);
        assertThat(channel.defaultMarkings).isEqualTo(RESTRICTED_FR_MA);
    }

    @Test
    void anUnknownClassificationIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LiaisonCommand(Map.of())).setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true))
                .execute("send", "ops", "--class", "TOP-SECRET", "text");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("not a classification: TOP-SECRET");
    }

    @Test
    void everyMarkingsOptionHasHelpText() {
        String sendHelp = new CommandLine(new SendCommand()).getUsageMessage();
        String channelHelp = new CommandLine(new ChannelCommand.Create()).getUsageMessage();

        assertThat(sendHelp).contains("--class=CLASSIFICATION", "--rel=NATIONS", "--precedence=PRECEDENCE");
        assertThat(channelHelp).contains("--ceiling=CLASSIFICATION", "--default-markings=CLASS/REL[/PRECEDENCE]");
    }

    @Test
    void exclusionsArePrintedOnePerOfficerWithTheBanner() {
        StringWriter err = new StringWriter();
        Delivery delivery = new Delivery(RESTRICTED_FR_MA, 2, List.of(), List.of(new Delivery.Exclusion(
                "es-cnp.lucia.garcia", "es-cnp", "ES", Classification.CLASSIFICATION_SECRET, false,
                Delivery.Why.NATION_NOT_RELEASABLE)), List.of(), List.of());

        SendCommand.printExclusions(delivery, new PrintWriter(err, true));

        assertThat(err.toString()).isEqualTo("not releasable: es-cnp.lucia.garcia (es-cnp, ES, cleared SECRET): "
                + "nation not releasable will not receive this [RESTRICTED // REL FR, MA]" + System.lineSeparator());
    }

    @Test
    void addingAnOfficerWhoMayNotSeeTheDefaultMarkingsWarns() {
        Member lucia = Member.newBuilder().setOfficerId("es-cnp.lucia.garcia").setNation("ES")
                .setClearance(Classification.CLASSIFICATION_SECRET).build();
        Member hugo = Member.newBuilder().setOfficerId("fr-pn.hugo.lefevre").setNation("FR").build();
        Member claire = Member.newBuilder().setOfficerId("fr-pn.claire.martin").setNation("FR")
                .setClearance(Classification.CLASSIFICATION_RESTRICTED).build();

        assertThat(ChannelCommand.warning(RESTRICTED_FR_MA, "es-cnp.lucia.garcia", List.of(), Optional.of(lucia)))
                .hasValueSatisfying(w -> assertThat(w).contains("es-cnp.lucia.garcia (ES, cleared SECRET",
                        "may not see", "[RESTRICTED // REL FR, MA]"));
        assertThat(ChannelCommand.warning(RESTRICTED_FR_MA, "fr-pn.hugo.lefevre", List.of(), Optional.of(hugo)))
                .hasValueSatisfying(w -> assertThat(w).contains("cleared UNCLASSIFIED"));
        assertThat(ChannelCommand.warning(RESTRICTED_FR_MA, "fr-pn.claire.martin", List.of(), Optional.of(claire)))
                .isEmpty();
    }
}
