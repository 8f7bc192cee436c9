package org.liaison.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsEntriesAndStoresPathsRelativeToTheFile() throws Exception {
        Path file = tmp.resolve("server").resolve("trust.properties");
        List<TrustEntry> entries = List.of(
                entry(TestPki.FR_PN, tmp.resolve("server/agencies/fr-pn")),
                entry(TestPki.MA_DGSN, tmp.resolve("elsewhere/ma-dgsn")));

        TrustConfigFile.write(file, entries);

        assertThat(TrustConfigFile.read(file)).isEqualTo(entries);
        String text = Files.readString(file);
        assertThat(text).startsWith("# Liaison server trust configuration: one entry per trusted agency CA\n")
                .contains("agencies=fr-pn,ma-dgsn\n")
                .contains("agency.fr-pn.ca=agencies/fr-pn/ca.pem\n")
                .contains("agency.ma-dgsn.crl=../elsewhere/ma-dgsn/crl.pem\n")
                .contains("agency.ma-dgsn.officer-prefix=ma-dgsn.\n");
    }

    @Test
    void missingKeyIsReportedWithTheFileAndTheKey() throws Exception {
        Path file = writeValid();
        Files.writeString(file, Files.readString(file).replaceAll("agency\\.ma-dgsn\\.crl=.*\\n", ""));

        assertThatThrownBy(() -> TrustConfigFile.read(file))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'agency.ma-dgsn.crl'");
    }

    @Test
    void missingAgenciesKeyIsReported() throws Exception {
        Path file = tmp.resolve("trust.properties");
        Files.writeString(file, "# nothing\n");

        assertThatThrownBy(() -> TrustConfigFile.read(file))
                .isInstanceOf(PkiException.class).hasMessageContaining("'agencies'");
    }

    @Test
    void invalidValueIsReportedWithTheAgencysKeys() throws Exception {
        Path file = writeValid();
        Files.writeString(file, Files.readString(file).replace("agency.ma-dgsn.nation=MA", "agency.ma-dgsn.nation=Morocco"));

        assertThatThrownBy(() -> TrustConfigFile.read(file))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("agency.ma-dgsn.")
                .hasMessageContaining("Morocco");
    }

    @Test
    void keyOfAnUnlistedAgencyIsRefused() throws Exception {
        Path file = writeValid();
        Files.writeString(file, Files.readString(file) + "agency.es-cnp.name=CNP\n");

        assertThatThrownBy(() -> TrustConfigFile.read(file))
                .isInstanceOf(PkiException.class).hasMessageContaining("unknown key 'agency.es-cnp.name'");
    }

    @Test
    void overlappingOfficerPrefixesAreRefused() {
        Path file = tmp.resolve("trust.properties");
        List<TrustEntry> entries = List.of(
                entry(new AgencySpec("fr-pn", "FR", "Police nationale", "fr."), tmp.resolve("fr-pn")),
                entry(new AgencySpec("fr-gn", "FR", "Gendarmerie", "fr.gn."), tmp.resolve("fr-gn")));

        assertThatThrownBy(() -> TrustConfigFile.write(file, entries))
                .isInstanceOf(PkiException.class).hasMessageContaining("prefixes must not overlap");
        assertThat(file).doesNotExist();
    }

    @Test
    void addOrReplaceReplacesTheSameAgencyInPlace() {
        Path file = writeValid();
        TrustEntry moved = entry(TestPki.FR_PN, tmp.resolve("moved/fr-pn"));

        boolean replaced = TrustConfigFile.addOrReplace(file, moved);
        boolean replacedNew = TrustConfigFile.addOrReplace(file,
                entry(AgencySpec.of("es-cnp", "ES", "Cuerpo Nacional de Policía"), tmp.resolve("es-cnp")));

        assertThat(replaced).isTrue();
        assertThat(replacedNew).isFalse();
        List<TrustEntry> entries = TrustConfigFile.read(file);
        assertThat(entries).extracting(e -> e.agency().code()).containsExactly("fr-pn", "ma-dgsn", "es-cnp");
        assertThat(entries.get(0)).isEqualTo(moved);
        assertThat(entries.get(2).agency().name()).isEqualTo("Cuerpo Nacional de Policía");
    }

    @Test
    void entryFromACaDirectoryNeedsNoKeyAndChecksTheCertificate() throws Exception {
        Path dir = tmp.resolve("fr-pn");
        TestPki.frPn().save(dir, null, false);
        Files.delete(dir.resolve("ca.key.pem"));

        TrustEntry entry = TrustEntry.fromCaDirectory(dir);

        assertThat(entry.agency()).isEqualTo(TestPki.FR_PN);
        assertThat(entry.caCertificate()).isEqualTo(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("agency.properties"), "code=fr-pn\nnation=BE\nname=Police\n");
        assertThatThrownBy(() -> TrustEntry.fromCaDirectory(dir))
                .isInstanceOf(PkiException.class).hasMessageContaining("does not match");
    }

    private Path writeValid() {
        Path file = tmp.resolve("trust.properties");
        TrustConfigFile.write(file, List.of(
                entry(TestPki.FR_PN, tmp.resolve("agencies/fr-pn")),
                entry(TestPki.MA_DGSN, tmp.resolve("agencies/ma-dgsn"))));
        return file;
    }

    private static TrustEntry entry(AgencySpec agency, Path dir) {
        return new TrustEntry(agency, dir.resolve("ca.pem"), dir.resolve("crl.pem"));
    }
}
