package org.solidarityalerts.ingest.web;

import org.solidarityalerts.service.StrictJson;
import org.solidarityalerts.service.StrictUtf8Filter;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API reads every request body strictly: as UTF-8 that is well-formed, and as JSON of
 * the right types, each named field once ({@link ApiProblems} says what was wrong).
 */
@Configuration(proxyBeanMethods = false)
@Import({ StrictJson.class, StrictUtf8Filter.class })
class StrictReading {

}
