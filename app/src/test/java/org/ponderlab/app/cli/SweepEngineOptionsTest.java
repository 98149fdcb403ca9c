package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.app.cli.TrainCommandTest.Result;

/**
 * sweep's --engine, --master and --spark-conf are checked before any work, and the app's own class
 * path holds no Spark: the engine lives in the spark module (its tests run real Spark).
 */
class SweepEngineOptionsTest {
  @TempDir Path tmp;

  Result sweep(String... engine) {
    List<String> args =
        new ArrayList<>(List.of("sweep", "--out", tmp.resolve("grid").toString(), "--no-charts"));
    args.addAll(SweepCommandTest.GRID);
    args.addAll(List.of(engine));
    return TrainCommandTest.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--engine|sparks||engine: 'sparks' is not allowed; allowed: local (this process, the default) or spark",
        "--engine|LOCAL||engine: 'LOCAL' is not allowed",
        "--master|local[2]|local|master: 'local[2]' is not allowed; only with --engine spark",
        "--master|local[0]|spark|master: 'local[0]' is not allowed; allowed: local[N] (N from 1 to 256)",
        "--master|local[999]|spark|master: 'local[999]' is not allowed",
        "--master|spark://host|spark|master: 'spark://host' is not allowed; allowed:",
        "--master|spark://host:70000|spark|master: 'spark://host:70000' is not allowed",
        "--master|yarn|spark|master: 'yarn' is not allowed; allowed: local[N]",
        "--spark-conf|executor.memory=4g|spark|spark-conf: 'executor.memory=4g' is not allowed; give KEY=VALUE",
      })
  void badEngineValuesNameTheOptionTheValueAndWhatIsAllowed(
      String option, String value, String engine, String message) {
    Result r = engine == null ? sweep(option, value) : sweep("--engine", engine, option, value);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("error: --" + message), r.err());
    if (option.equals("--master") && engine.equals("spark")) {
      assertTrue(
          r.err().contains("YARN and Kubernetes: run PonderLab through Spark's spark-submit"),
          r.err());
    }
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    assertFalse(
        Files.exists(tmp.resolve("grid")), "nothing written before the options are checked");
  }

  @Test
  void goodMastersPass() {
    for (String m :
        List.of(
            "local",
            "local[1]",
            "local[*]",
            "local[4,3]",
            "spark://10.0.0.5:7077",
            "spark://a.example:7077,b.example:7078",
            "spark://[::1]:7077")) {
      SweepEngines.checkMaster(m);
    }
    assertEquals("local[3]", SweepEngines.check("spark", null, java.util.Map.of(), 3, null));
    assertEquals(
        "yarn",
        SweepEngines.check("spark", null, java.util.Map.of(), 3, "yarn")); // from spark-submit
    assertThrows(
        org.ponderlab.core.train.ConfigException.class,
        () -> SweepEngines.checkMaster("mesos://h:5050"));
  }

  @Test
  void theAppsClassPathHasNoSparkSoTheSparkEngineSaysWhereToGetIt() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkConf"));
    Result r = sweep("--engine", "spark");
    assertEquals(1, r.status(), r.err());
    assertTrue(
        r.err().contains("error: the spark engine is not on this installation's class path"),
        r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }
}
