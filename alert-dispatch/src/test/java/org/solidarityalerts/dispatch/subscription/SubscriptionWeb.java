package org.solidarityalerts.dispatch.subscription;

import org.solidarityalerts.dispatch.web.PageLanguages;

import org.solidarityalerts.service.StrictJson;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What a web slice test of the subscribers' pages and APIs imports besides the
 * controllers it tests: their security chains, with the request size limit and strict
 * UTF-8, the API's strict JSON (as {@code DispatchApplication} imports it), the pages'
 * languages (locale, words, bundles) and the subscription settings these read. Imported
 * by a test's own configuration, so the slice does not start from
 * {@code DispatchApplication}, whose imports need MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SubscriptionSecurity.class, PageLanguages.class, StrictJson.class })
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionWeb {

}
