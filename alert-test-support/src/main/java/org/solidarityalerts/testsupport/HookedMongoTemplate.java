package org.solidarityalerts.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

/**
 * A {@link MongoTemplate} on a real server whose writes pass through a hook first, so
 * that a test can fail one part-way through an event (MongoDB gone away) or slip another
 * writer's change in before it: the template's upserts, inserts and find-and-modify
 * calls, and the bulk writes and inserts made on its collections directly.
 */
public class HookedMongoTemplate extends MongoTemplate {

	private static final Set<String> COLLECTION_WRITES = Set.of("bulkWrite", "insertMany");

	private volatile Consumer<Write> hook = (write) -> {
	};

	/**
	 * A template on a database.
	 * @param client the client
	 * @param database the database's name
	 */
	public HookedMongoTemplate(MongoClient client, String database) {
		super(client, database);
	}

	/**
	 * Sets what runs before each write; it may throw, as {@link #wentAway()}, to fail it.
	 * @param hook the hook
	 */
	public void hook(Consumer<Write> hook) {
		this.hook = hook;
	}

	/**
	 * The failure a write meets when MongoDB is gone.
	 * @return the exception to throw from a hook
	 */
	public static DataAccessResourceFailureException wentAway() {
		return new DataAccessResourceFailureException("MongoDB went away");
	}

	@Override
	public UpdateResult upsert(Query query, UpdateDefinition update, String collectionName) {
		this.hook.accept(new Write("upsert", collectionName, query));
		return super.upsert(query, update, collectionName);
	}

	@Override
	public <T> T insert(T objectToSave, String collectionName) {
		this.hook.accept(new Write("insert", collectionName, null));
		return super.insert(objectToSave, collectionName);
	}

	@Override
	public <T> @Nullable T findAndModify(Query query, UpdateDefinition update, FindAndModifyOptions options,
			Class<T> entityClass, String collectionName) {
		this.hook.accept(new Write("findAndModify", collectionName, query));
		return super.findAndModify(query, update, options, entityClass, collectionName);
	}

	@Override
	@SuppressWarnings("unchecked")
	public MongoCollection<Document> getCollection(String collectionName) {
		MongoCollection<Document> collection = super.getCollection(collectionName);
		return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { MongoCollection.class }, (proxy, method, arguments) -> {
					if (COLLECTION_WRITES.contains(method.getName())) {
						this.hook.accept(new Write(method.getName(), collectionName, null));
					}
					try {
						return method.invoke(collection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/**
	 * A write about to be made.
	 *
	 * @param operation {@code upsert}, {@code insert} or {@code findAndModify} through
	 * the template, {@code bulkWrite} or {@code insertMany} on a collection
	 * @param collection the collection written to
	 * @param query the query that selects what is written, where there is one
	 */
	public record Write(String operation, String collection, @Nullable Query query) {

		/**
		 * The query as JSON, or the operation where there is none.
		 * @return what the write selects
		 */
		public String selects() {
			return (this.query != null) ? this.query.getQueryObject().toJson() : this.operation;
		}

	}

}
