package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.client.LiaisonClientException;
import org.liaison.proto.v1.AuditRecord;
import org.liaison.testing.TestPki;

/** The wire's audit messages and the shared audit types are the same thing, field for field. */
class AuditRecordsTest {

    private static final TestAuditLog LOG = TestAuditLog.sample(TestPki.create().issueAudit());

    @Test
    void anEntryAndACheckpointSurviveTheWire() {
        for (AuditEntry entry : LOG.entries()) {
            AuditRecord record = AuditRecords.record(entry);
            assertThat(record.getChannelId()).isEqualTo(entry.channel());
            assertThat(AuditRecords.entry(record)).isEqualTo(entry);
        }
        Checkpoint checkpoint = LOG.checkpoint(12);
        assertThat(AuditRecords.checkpoint(AuditRecords.checkpoint(checkpoint))).isEqualTo(checkpoint);
    }

    @Test
    void aHashOfTheWrongLengthIsRefusedNamingTheSeq() {
        AuditRecord shortHash = AuditRecords.record(LOG.entry(3)).toBuilder()
                .setEntryHash(ByteString.copyFrom(new byte[5])).build();

        assertThatThrownBy(() -> AuditRecords.entry(shortHash)).isInstanceOf(LiaisonClientException.class)
                .hasMessageContaining("malformed audit entry 3");
    }
}
