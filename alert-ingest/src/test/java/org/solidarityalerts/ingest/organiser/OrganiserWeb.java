package org.solidarityalerts.ingest.organiser;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API's security chains for a web slice test, which provides {@link ApiKeys} (a mock
 * that knows the test's keys) and the ingest settings.
 */
@Configuration(proxyBeanMethods = false)
@Import(SecurityConfiguration.class)
public class OrganiserWeb {

}
