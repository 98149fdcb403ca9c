package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The form gives each method the same defaults the command line does: a setup made by picking a
 * method in the window trains exactly what {@code ./ponderlab train --method M} trains.
 */
class SetupModelDefaultsTest {
  final SetupModel setup = new SetupModel();

  private double bias() {
    return setup.getConfig().haltingBias();
  }

  @Test
  void pickingAMethodGivesItsOwnDefaultsAsTheCommandLineDoes() {
    assertEquals(0.0, bias());
    for (String method :
        new String[] {"act", "pact", "pondernet", "palbert", "act", "lac", "fixed"}) {
      setup.field("method").setText(method);
      assertEquals(TrainingConfig.fromText(Map.of("method", method)), setup.getConfig(), method);
    }
    setup.field("method").setText("act");
    assertEquals(-3.0, bias());
    setup.field("method").setText("pondernet");
    assertEquals(0.0, bias());
  }

  @Test
  void aValueTheUserTypedSurvivesAChangeOfMethod() {
    setup.field("halting-bias").setText("1.5");
    setup.field("method").setText("act");
    assertEquals(1.5, bias());
    setup.field("method").setText("pact");
    assertEquals(1.5, bias());
  }

  @Test
  void loadingKeepsTheGivenValuesAndFillsTheMethodsDefaultsForTheRest() {
    setup.load(Map.of("method", "act"));
    assertEquals(-3.0, bias());
    setup.load(Map.of("method", "pondernet"));
    setup.load(Map.of("method", "act", "halting-bias", "0"));
    assertEquals(0.0, bias());
  }

  @Test
  void theCommandLineNamesWhatDiffersFromTheMethodsDefault() {
    setup.field("method").setText("act");
    assertFalse(
        setup.commandLine(java.util.List.of()).contains("--halting-bias"),
        setup.commandLine(java.util.List.of()));
    setup.field("halting-bias").setText("0");
    String line = setup.commandLine(java.util.List.of());
    assertTrue(line.contains("--method act") && line.contains("--halting-bias 0.0"), line);
  }
}
