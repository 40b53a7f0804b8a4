/**
 * The embassy directory: for each subject country and country of residence, the embassy
 * that subscribers living there can protest to. Data, importable from CSV, with a small
 * sample for the demo.
 */
@NullMarked
package org.solidarityalerts.dispatch.embassy;

import org.jspecify.annotations.NullMarked;
