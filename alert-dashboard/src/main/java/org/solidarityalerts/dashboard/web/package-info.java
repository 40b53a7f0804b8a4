/**
 * The pages, the live updates and the security of the dashboard.
 */
@NullMarked
package org.solidarityalerts.dashboard.web;

import org.jspecify.annotations.NullMarked;
