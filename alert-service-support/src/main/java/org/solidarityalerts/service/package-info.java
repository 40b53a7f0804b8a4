/**
 * The services' operational plumbing, written once and used by alert-ingest,
 * alert-dispatch and alert-dashboard: MongoDB's health by {@code ping}, the management
 * port's security, retention of collections, security headers, problem details (also for
 * what Tomcat refuses itself), strict JSON and UTF-8 reading for the APIs, request size
 * limits, topic replication, and token buckets kept in MongoDB that all instances of a
 * service share. Not the wire contract, which is alert-common's.
 */
@NullMarked
package org.solidarityalerts.service;

import org.jspecify.annotations.NullMarked;
