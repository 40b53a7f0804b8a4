package org.solidarityalerts.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The Mongo wire server's memory backend, but using the indexes the services declare as
 * MongoDB would. As shipped, the wire server uses a unique index (such as {@code _id})
 * only for a filter on its key alone, ignores every other index, and scans the whole
 * collection for any other filter: a write that must not replace a final status (filter:
 * the id and the status) then costs a scan of everything recorded so far, and an urgent
 * action's audience query a scan of every subscriber, costs MongoDB never pays
 * (docs/benchmarks.md). Here a unique index serves every filter that names its key with a
 * value or an {@code $in}, whatever else the filter holds, and the other indexes
 * ({@link LookupIndex}) serve filters that name a prefix of their keys with values, each
 * clause of an {@code $or} by the index that serves it. The documents an index finds are
 * still matched against the whole filter, so an index only spares reading the others.
 * Partial indexes are left out, as the wire server leaves them: here they would hold
 * every document. A query's documents are read under the collection's lock a thousand at
 * a time and matched outside it, so a long read holds up no other reader or writer. It
 * counts the scans it still makes (filters no index serves) and the reads an index
 * served, by collection and the filter's fields, so that a run can say what they were.
 */
final class IndexedMemoryBackend extends MemoryBackend {

	/** How many documents a long read copies before it lets others in. */
	private static final int YIELD_EVERY = 1_000;

	/** Whether this thread is in a write that reads through the collection's query. */
	private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();

	private final Map<String, LongAdder[]> scans = new ConcurrentHashMap<>();

	private final Map<String, LongAdder[]> indexReads = new ConcurrentHashMap<>();

	/**
	 * The scans made so far.
	 * @return for each collection and set of filter fields, its scans
	 */
	Map<String, Scans> scans() {
		return counts(this.scans);
	}

	/**
	 * The filters served by a {@link LookupIndex} so far.
	 * @return for each collection and set of filter fields, the reads: how many, and how
	 * many documents the index found
	 */
	Map<String, Scans> indexReads() {
		return counts(this.indexReads);
	}

	private static Map<String, Scans> counts(Map<String, LongAdder[]> reads) {
		Map<String, Scans> counts = new TreeMap<>();
		reads.forEach((kind, adders) -> counts.put(kind, new Scans(adders[0].sum(), adders[1].sum())));
		return counts;
	}

	private static void tally(Map<String, LongAdder[]> reads, String collection, Document query, long documents) {
		LongAdder[] adders = reads.computeIfAbsent(collection + " " + new TreeSet<>(query.keySet()),
				(kind) -> new LongAdder[] { new LongAdder(), new LongAdder() });
		adders[0].increment();
		adders[1].add(documents);
	}

	/**
	 * Scans of one kind.
	 *
	 * @param count how many
	 * @param documents how many documents they read
	 */
	record Scans(long count, long documents) {

		static final Scans NONE = new Scans(0, 0);

		/**
		 * Those made since an earlier count.
		 * @param before the earlier count
		 * @return the difference
		 */
		Scans since(Scans before) {
			return new Scans(this.count - before.count, this.documents - before.documents);
		}

	}

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new MemoryDatabase(databaseName, getCursorRegistry()) {

			@Override
			protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
				return new MemoryCollection(this, collectionName, options, getCursorRegistry()) {

					@Override
					public synchronized Document findAndModify(Document query) {
						// Updates the document its query finds: the stored one, not a
						// copy.
						return writing(() -> super.findAndModify(query));
					}

					@Override
					public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
						// Removes the documents its query finds: the stored ones.
						return writing(() -> super.deleteDocuments(selector, limit, oplog));
					}

					private <T> T writing(Supplier<T> write) {
						WRITING.set(true);
						try {
							return write.get();
						}
						finally {
							WRITING.remove();
						}
					}

					/**
					 * Reads the documents a query may match as copies
					 * ({@link #snapshot}), and matches, sorts and projects them outside
					 * the collection's lock: MongoDB's readers block nobody, while the
					 * wire server as shipped holds the lock until the whole result is
					 * ready (a second or more for the audience of a large campaign, which
					 * every other reader and writer of the collection would wait for).
					 */
					@Override
					public QueryResult handleQuery(QueryParameters parameters) {
						if (WRITING.get() != null || collectionName.startsWith("system.")) {
							return super.handleQuery(parameters);
						}
						Document selector = parameters.getQuerySelector();
						Document query = selector;
						Document orderBy = null;
						// As the wire server reads the selector.
						for (String wrapped : List.of("query", "$query")) {
							if (selector.containsKey(wrapped)) {
								query = (Document) selector.get(wrapped);
								orderBy = (Document) selector.get(wrapped.replace("query", "orderby"));
								break;
							}
						}
						List<Document> copies = snapshot(query, orderBy);
						if (copies == null) {
							return super.handleQuery(parameters);
						}
						if (inIdOrder(copies, orderBy)) {
							orderBy = null;
						}
						return matchDocumentsFromStream(copies.stream(), query, orderBy, parameters.getNumberToSkip(),
								parameters.getLimit(), parameters.getBatchSize(), parameters.getProjection());
					}

					/**
					 * Puts a query's copies in the order of their ids, where that is the
					 * order asked for and every id is a string (as the services' are),
					 * comparing the ids alone: MongoDB reads such a query in order from
					 * an index ending in {@code _id} (the audience indexes do), while the
					 * wire server sorts with a comparator that splits the sort key's path
					 * again for every comparison, which was half the CPU of a large
					 * audience's query. Any other order is left to the wire server.
					 * @return whether the copies are now in the order asked for
					 */
					private static boolean inIdOrder(List<Document> copies, Document orderBy) {
						if (orderBy == null || orderBy.size() != 1 || !(orderBy.get("_id") instanceof Number direction)
								|| Math.abs(direction.doubleValue()) != 1
								|| !copies.stream().allMatch((copy) -> copy.get("_id") instanceof String)) {
							return false;
						}
						Comparator<Document> byId = Comparator.comparing((copy) -> (String) copy.get("_id"));
						copies.sort((direction.doubleValue() > 0) ? byId : byId.reversed());
						return true;
					}

					/**
					 * Copies of the documents a query may match, or null where a unique
					 * index serves it or the natural order is asked for. The positions
					 * are read at once, the documents a thousand at a time, each under
					 * the lock (their fields: nested values are replaced, never changed,
					 * by updates): as MongoDB yields during a long read, a write may come
					 * between two of them, and no reader or writer waits long.
					 */
					private List<Document> snapshot(Document query, Document orderBy) {
						List<Integer> positions;
						synchronized (this) {
							if (servedAsShipped(query, orderBy)) {
								return null;
							}
							positions = lookUp(query);
							if (positions == null) {
								tally(IndexedMemoryBackend.this.scans, collectionName, query, count());
								positions = streamAllDocumentsWithPosition().map(DocumentWithPosition::getPosition)
									.toList();
							}
						}
						List<Document> copies = new ArrayList<>(positions.size());
						for (int from = 0; from < positions.size(); from += YIELD_EVERY) {
							List<Integer> chunk = positions.subList(from,
									Math.min(positions.size(), from + YIELD_EVERY));
							synchronized (this) {
								for (Integer position : chunk) {
									// Null if removed since (the list never shrinks); a
									// document that took its place is matched like any.
									Document document = getDocument(position);
									if (document != null) {
										copies.add(new Document(document));
									}
								}
							}
						}
						return copies;
					}

					@Override
					protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
							int batchSize, Document fieldSelector) {
						List<Integer> positions = servedAsShipped(query, orderBy) ? null : lookUp(query);
						if (positions == null) {
							return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
						}
						return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
					}

					/**
					 * Whether the wire server's own path serves a query: a unique index
					 * does, or the natural order is asked for.
					 */
					private boolean servedAsShipped(Document query, Document orderBy) {
						return (orderBy != null && orderBy.containsKey("$natural"))
								|| getIndexes().stream().anyMatch((index) -> index.canHandle(query));
					}

					/**
					 * The positions a {@link LookupIndex} finds for a query, counted as
					 * an index read, or null if none serves it.
					 */
					private List<Integer> lookUp(Document query) {
						List<Integer> positions = LookupIndex.positions(getIndexes(), query);
						if (positions != null) {
							tally(IndexedMemoryBackend.this.indexReads, collectionName, query, positions.size());
						}
						return positions;
					}

					@Override
					protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip,
							int numberToReturn, int batchSize, Document fieldSelector) {
						tally(IndexedMemoryBackend.this.scans, collectionName, query, count());
						return super.matchDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize,
								fieldSelector);
					}

				};
			}

			@Override
			protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
					List<IndexKey> keys, boolean sparse) {
				return new FilteringUniqueIndex(indexName, keys, sparse);
			}

			/** The partial indexes asked for, by collection and name. */
			private final Set<String> partial = ConcurrentHashMap.newKeySet();

			@Override
			protected void addIndex(Document indexDescription) {
				if (indexDescription.containsKey("partialFilterExpression")) {
					this.partial.add(indexDescription.get("ns") + " " + indexDescription.get("name"));
				}
				super.addIndex(indexDescription);
			}

			@Override
			protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
					List<IndexKey> keys, boolean sparse) {
				if (this.partial.contains(getFullCollectionNamespace(collectionName) + " " + indexName)) {
					// Ignored, as the wire server does: a partial index holds a few
					// documents on MongoDB, but a LookupIndex would hold them all.
					return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
				}
				return new LookupIndex(indexName, keys, sparse);
			}

		};
	}

	private static final class FilteringUniqueIndex extends MemoryUniqueIndex {

		FilteringUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
			super(name, keys, sparse);
		}

		@Override
		public synchronized boolean canHandle(Document query) {
			if (super.canHandle(query)) {
				return true;
			}
			if (keys().size() != 1 || isSparse() || !query.containsKey(keys().getFirst())) {
				return false;
			}
			Object value = query.get(keys().getFirst());
			if (value instanceof Document operators) {
				return operators.keySet().equals(Set.of("$in"));
			}
			return !BsonRegularExpression.isRegularExpression(value);
		}

	}

	/**
	 * An index that is not unique: for each of its keys, the documents holding each
	 * string value (each element of an array), and, if it is sparse, the documents that
	 * have its first key. It serves a filter that names a prefix of its keys with strings
	 * (a value, {@code $eq} or {@code $in}) by the documents holding the rarest of them,
	 * and a sparse index a filter that compares its key with a value ({@code $lt},
	 * {@code $lte}, {@code $gt}, {@code $gte}, none of which matches a missing field) by
	 * the documents that have it. The wire server itself never asks it
	 * ({@link #canHandle} is false): the collection does, through {@link #positions}.
	 */
	static final class LookupIndex extends Index<Integer> {

		private static final String ID = "_id";

		private static final Set<String> COMPARISONS = Set.of("$lt", "$lte", "$gt", "$gte");

		private final Map<Object, Integer> byId = new HashMap<>();

		private final List<Map<String, Set<Integer>>> byValue = new ArrayList<>();

		private final Set<Integer> present = new HashSet<>();

		private final List<String> fields;

		LookupIndex(String name, List<IndexKey> keys, boolean sparse) {
			super(name, keys, sparse);
			this.fields = keys();
			keys.forEach((key) -> this.byValue.add(new HashMap<>()));
		}

		/**
		 * The positions of the documents that may match a filter, in the collection's
		 * order, found by the collection's indexes; null if none serves the filter.
		 * @param indexes the collection's indexes
		 * @param query the filter
		 * @return the positions, or null if the collection must be scanned
		 */
		static List<Integer> positions(List<Index<Integer>> indexes, Document query) {
			List<LookupIndex> lookups = new ArrayList<>();
			indexes.forEach((index) -> {
				if (index instanceof LookupIndex lookup) {
					lookups.add(lookup);
				}
			});
			if (lookups.isEmpty()) {
				return null;
			}
			Map<String, Object> conditions = new LinkedHashMap<>();
			List<List<?>> ors = new ArrayList<>();
			conjuncts(query, conditions, ors);
			Set<Integer> found = rarest(lookups, conditions);
			for (List<?> clauses : ors) {
				Set<Integer> union = new HashSet<>();
				for (Object clause : clauses) {
					// The clause and the conditions beside the $or.
					Map<String, Object> both = new LinkedHashMap<>(conditions);
					Set<Integer> each = (clause instanceof Document document)
							? rarest(lookups, conjuncts(document, both, new ArrayList<>())) : null;
					if (each == null) {
						union = null;
						break;
					}
					union.addAll(each);
				}
				if (union != null && (found == null || union.size() < found.size())) {
					found = union;
				}
			}
			if (found == null) {
				return null;
			}
			List<Integer> positions = new ArrayList<>(found);
			positions.sort(null);
			return positions;
		}

		/**
		 * Gathers a filter's conditions on fields, through {@code $and}, and its
		 * {@code $or} lists. Other operators are left out: fewer conditions only find
		 * more documents, all matched against the whole filter.
		 */
		private static Map<String, Object> conjuncts(Document filter, Map<String, Object> conditions,
				List<List<?>> ors) {
			filter.forEach((key, value) -> {
				if ("$and".equals(key) && value instanceof List<?> clauses) {
					clauses.forEach((clause) -> {
						if (clause instanceof Document document) {
							conjuncts(document, conditions, ors);
						}
					});
				}
				else if ("$or".equals(key) && value instanceof List<?> clauses && !clauses.isEmpty()) {
					ors.add(clauses);
				}
				else if (!key.startsWith("$")) {
					conditions.putIfAbsent(key, value);
				}
			});
			return conditions;
		}

		private static Set<Integer> rarest(List<LookupIndex> lookups, Map<String, Object> conditions) {
			Set<Integer> rarest = null;
			for (LookupIndex lookup : lookups) {
				Set<Integer> found = lookup.candidates(conditions);
				if (found != null && (rarest == null || found.size() < rarest.size())) {
					rarest = found;
				}
			}
			return rarest;
		}

		private Set<Integer> candidates(Map<String, Object> conditions) {
			List<String> keys = this.fields;
			Set<Integer> rarest = null;
			for (int i = 0; i < keys.size(); i++) {
				// The unique _id index finds ids, and serves any filter that names one.
				List<String> values = ID.equals(keys.get(i)) ? null : strings(conditions.get(keys.get(i)));
				if (values == null) {
					break;
				}
				Set<Integer> found;
				if (values.size() == 1) {
					// Read, not copied: the caller copies what it keeps.
					found = this.byValue.get(i).getOrDefault(values.getFirst(), Set.of());
				}
				else {
					found = new HashSet<>();
					for (String value : values) {
						found.addAll(this.byValue.get(i).getOrDefault(value, Set.of()));
					}
				}
				if (rarest == null || found.size() < rarest.size()) {
					rarest = found;
				}
			}
			if (rarest == null && isSparse() && conditions.get(keys.getFirst()) instanceof Document operators
					&& !operators.isEmpty() && COMPARISONS.containsAll(operators.keySet())
					&& operators.values().stream().allMatch((value) -> value != null)) {
				return this.present;
			}
			return rarest;
		}

		/** The strings a condition asks a field to equal, or null if it is no such. */
		private static List<String> strings(Object condition) {
			if (condition instanceof String value) {
				return List.of(value);
			}
			if (condition instanceof Document operators && operators.size() == 1) {
				Object operand = operators.values().iterator().next();
				if (operators.containsKey("$eq") && operand instanceof String value) {
					return List.of(value);
				}
				if (operators.containsKey("$in") && operand instanceof Collection<?> values
						&& values.stream().allMatch(String.class::isInstance)) {
					return values.stream().map(String.class::cast).toList();
				}
			}
			return null;
		}

		private void index(Document document, Integer position, boolean add) {
			List<String> keys = this.fields;
			for (int i = 0; i < keys.size(); i++) {
				if (ID.equals(keys.get(i))) {
					continue;
				}
				Map<String, Set<Integer>> values = this.byValue.get(i);
				for (Object value : values(value(document, keys.get(i)))) {
					if (!(value instanceof String string)) {
						continue;
					}
					if (add) {
						values.computeIfAbsent(string, (key) -> new HashSet<>()).add(position);
					}
					else {
						Set<Integer> positions = values.get(string);
						if (positions != null && positions.remove(position) && positions.isEmpty()) {
							values.remove(string);
						}
					}
				}
			}
			Object first = isSparse() ? value(document, keys.getFirst()) : null;
			if (first != null && !(first instanceof Missing)) {
				if (add) {
					this.present.add(position);
				}
				else {
					this.present.remove(position);
				}
			}
		}

		/** A field's value, or its values through arrays, as the wire server reads it. */
		private static Object value(Document document, String key) {
			if (key.indexOf('.') < 0) {
				// The wire server's own reading splits the path with a regular
				// expression.
				return document.containsKey(key) ? document.get(key) : Missing.getInstance();
			}
			return Utils.getSubdocumentValueCollectionAware(document, key);
		}

		private List<Object> indexed(Document document) {
			List<Object> values = new ArrayList<>(this.fields.size());
			for (String key : this.fields) {
				values.add(value(document, key));
			}
			return values;
		}

		private static List<Object> values(Object value) {
			if (!(value instanceof Collection<?> elements)) {
				return (value != null) ? List.of(value) : List.of();
			}
			List<Object> flat = new ArrayList<>();
			for (Object element : elements) {
				if (element instanceof Collection<?> nested) {
					flat.addAll(nested);
				}
				else {
					flat.add(element);
				}
			}
			return flat;
		}

		@Override
		public Integer getPosition(Document document) {
			// Found by the unique _id index, which every collection has.
			return null;
		}

		@Override
		public void checkAdd(Document document, MongoCollection<Integer> collection) {
		}

		@Override
		public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
			this.byId.put(document.get(ID), position);
			index(document, position, true);
		}

		@Override
		public synchronized Integer remove(Document document) {
			Integer position = this.byId.remove(document.get(ID));
			if (position != null) {
				index(document, position, false);
			}
			return position;
		}

		@Override
		public boolean canHandle(Document query) {
			return false;
		}

		@Override
		public Iterable<Integer> getPositions(Document query) {
			throw new UnsupportedOperationException("Asked through positions(indexes, query) only");
		}

		@Override
		public synchronized long getCount() {
			return this.byId.size();
		}

		@Override
		public long getDataSize() {
			return 0;
		}

		@Override
		public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
		}

		@Override
		public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
				MongoCollection<Integer> collection) {
			if (indexed(oldDocument).equals(indexed(newDocument))) {
				// Most updates change no indexed field (a delivery's status, say).
				return;
			}
			index(oldDocument, position, false);
			index(newDocument, position, true);
		}

		@Override
		public synchronized void drop() {
			this.byId.clear();
			this.byValue.forEach(Map::clear);
			this.present.clear();
		}

	}

}
