package org.liaison.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Precedence;

class MarkingsTest {
  private static final org.liaison.proto.v1.Markings RESTRICTED_FR_MA_FLASH = Markings.of(
      Classification.CLASSIFICATION_RESTRICTED, "ma, fr", Precedence.PRECEDENCE_FLASH);

  @Test
  void anOfficerSeesWhatIsReleasedToTheirNationAtOrBelowTheirClearance() {
    assertThat(Markings.maySee(RESTRICTED_FR_MA_FLASH, "FR",
        Classification.CLASSIFICATION_RESTRICTED)).isTrue();
    assertThat(Markings.maySee(RESTRICTED_FR_MA_FLASH, "MA",
        Classification.CLASSIFICATION_SECRET)).isTrue();
    assertThat(Markings.maySee(RESTRICTED_FR_MA_FLASH, "ES",
        Classification.CLASSIFICATION_SECRET)).as("nation not releasable").isFalse();
    assertThat(Markings.maySee(RESTRICTED_FR_MA_FLASH, "FR",
        Classification.CLASSIFICATION_UNCLASSIFIED)).as("clearance too low").isFalse();
    assertThat(Markings.maySee(Markings.DEFAULT, "ES",
        Classification.CLASSIFICATION_UNCLASSIFIED)).isTrue();
    assertThat(Markings.maySee(RESTRICTED_FR_MA_FLASH, "FR",
        Classification.CLASSIFICATION_UNSPECIFIED)).isFalse();
  }

  @Test
  void markingsAreCanonicalAndShownAsABanner() {
    assertThat(RESTRICTED_FR_MA_FLASH.getReleasableToList()).containsExactly("FR", "MA");
    assertThat(Markings.banner(RESTRICTED_FR_MA_FLASH)).isEqualTo("RESTRICTED // REL FR, MA // FLASH");
    assertThat(Markings.banner(Markings.DEFAULT)).isEqualTo("UNCLASSIFIED // REL ALL");
    assertThat(Markings.problem(RESTRICTED_FR_MA_FLASH)).isEmpty();
    assertThat(Markings.problem(RESTRICTED_FR_MA_FLASH.toBuilder().clearReleasableTo()
        .addReleasableTo("MA").addReleasableTo("FR").build())).get().asString().contains("sorted");
    assertThat(Markings.problem(RESTRICTED_FR_MA_FLASH.toBuilder().setReleasableToAll(true)
        .build())).isPresent();
    assertThat(Markings.problem(RESTRICTED_FR_MA_FLASH.toBuilder().clearClassification()
        .build())).get().asString().contains("classification");
    assertThat(Markings.problem(RESTRICTED_FR_MA_FLASH.toBuilder().clearReleasableTo()
        .addReleasableTo("France").build())).isPresent();
    assertThatThrownBy(() -> Markings.of(Classification.CLASSIFICATION_SECRET, " , ",
        Precedence.PRECEDENCE_ROUTINE)).hasMessageContaining("no nation");
  }

  @Test
  void namesParseBothWays() {
    assertThat(Clearance.parse("confidential")).isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
    assertThat(Markings.precedence("Immediate")).isEqualTo(Precedence.PRECEDENCE_IMMEDIATE);
    assertThatThrownBy(() -> Clearance.parse("TOP SECRET")).hasMessageContaining("not a classification");
    assertThat(Markings.clearedFor(Classification.CLASSIFICATION_SECRET,
        Classification.CLASSIFICATION_CONFIDENTIAL)).isTrue();
    assertThat(Clearance.extensionValue(Classification.CLASSIFICATION_SECRET))
        .startsWith(0x0c, 6).endsWith("SECRET".getBytes());
  }
}
