package org.liaison.it;

/** The officers of the test PKI that the end-to-end tests name, two per nation. */
final class Officers {
  static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  static final String HUGO = "fr-pn.hugo.lefevre";
  static final String KARIM = "ma-dgsn.karim.benali";
  static final String NADIA = "ma-dgsn.nadia.elamrani";
  static final String LUCIA = "es-cnp.lucia.garcia";    // supervisor
  static final String JAVIER = "es-cnp.javier.ruiz";

  private Officers() {}
}
