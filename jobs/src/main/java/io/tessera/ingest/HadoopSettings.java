package io.tessera.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** The driver's Hadoop settings, shipped to tasks that open files themselves (Configuration is not serialisable). */
record HadoopSettings(Map<String, String> values) implements Serializable {
  static HadoopSettings of(Configuration conf) {
    Map<String, String> values = new HashMap<>();
    conf.forEach(e -> values.put(e.getKey(), e.getValue()));
    return new HadoopSettings(values);
  }

  Configuration toConfiguration() {
    Configuration conf = new Configuration(false);
    values.forEach(conf::set);
    return conf;
  }
}
