package org.liaison.server.testing;

import org.liaison.proto.v1.Classification;

/**
 * The officers of the markings and precedence tests, in one channel with ceiling SECRET: three
 * nations and three clearances.
 *
 * @param anne FR, cleared SECRET, the channel's supervisor
 * @param karim MA, cleared CONFIDENTIAL
 * @param sofia ES, no clearance in her certificate: UNCLASSIFIED
 * @param channel the channel anne created with karim and sofia
 */
public record ThreeNations(TestDevice anne, TestDevice karim, TestDevice sofia, String channel) {

  /** Creates the three officers' devices and their channel in {@code world}. */
  public static ThreeNations in(StorageWorld world) {
    TestDevice anne = world.device("fr-pn.anne.martin", "laptop",
        Classification.CLASSIFICATION_SECRET, "officer", "supervisor");
    TestDevice karim = world.device("ma-dgsn.karim.benali", "desk",
        Classification.CLASSIFICATION_CONFIDENTIAL);
    TestDevice sofia = world.device("es-pn.sofia.garcia", "phone");
    String channel = world.createGroup(anne, Classification.CLASSIFICATION_SECRET, karim, sofia)
        .getChannelId();
    return new ThreeNations(anne, karim, sofia, channel);
  }
}
