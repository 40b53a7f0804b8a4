/**
 * The dead-letter topics: their records with failure headers, and re-driving them, once
 * each, to where they came from.
 */
@NullMarked
package org.solidarityalerts.dashboard.deadletters;

import org.jspecify.annotations.NullMarked;
