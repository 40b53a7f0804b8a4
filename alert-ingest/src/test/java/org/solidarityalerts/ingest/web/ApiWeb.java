package org.solidarityalerts.ingest.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What a web slice test of the API imports besides the controllers it tests: strict JSON
 * and UTF-8 reading, the request size limit and the API's problem details. Imported by a
 * test's own configuration, so the slice does not start from {@code IngestApplication},
 * whose imports need MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@Import({ StrictReading.class, RequestSizeConfiguration.class, ApiProblems.class })
public class ApiWeb {

}
