package org.solidarityalerts.dispatch.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.KafkaAway;
import org.solidarityalerts.service.MongoAway;
import org.solidarityalerts.service.TopicReplication;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedRuntimeException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics, serdes and the dead-letter policy of dispatch.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MessagingConfiguration.class);

	/** The reason a record without a value is dead-lettered. */
	static final String TOMBSTONE = "A record without a value (a tombstone): there is no event in it";

	@Bean
	KafkaAdmin.NewTopics dispatchTopics(DispatchProperties properties, TopicSettings settings, RetryTiers retryTiers) {
		TopicReplication replication = properties.topics();
		Stream<NewTopic> topics = Topics.ALL.stream()
			.map((topic) -> replication.topic(topic.name(), settings.partitionsOf(topic.name(), topic.partitions()))
				.configs(settings.configOf(topic.name(), false))
				.build());
		Stream<NewTopic> deadLetters = Topics.ALL.stream()
			.filter(Topics.TopicSpec::deadLetters)
			.map((topic) -> replication
				.topic(Topics.deadLetterOf(topic.name()),
						settings.partitionsOf(Topics.deadLetterOf(topic.name()),
								settings.partitionsOf(topic.name(), topic.partitions())))
				.configs(settings.configOf(Topics.deadLetterOf(topic.name()), true))
				.build());
		int retryPartitions = settings.partitionsOf(Topics.DELIVERY_RETRIES,
				Topics.spec(Topics.DELIVERY_RETRIES).partitions());
		Stream<NewTopic> tiers = retryTiers.all()
			.stream()
			.map((tier) -> replication.topic(tier.topic(), settings.partitionsOf(tier.topic(), retryPartitions))
				.configs(settings.configOf(tier.topic(), false))
				.build());
		return new KafkaAdmin.NewTopics(
				Stream.of(topics, deadLetters, tiers).flatMap((stream) -> stream).toArray(NewTopic[]::new));
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaConsumerFactoryCustomizer contractDeserializers() {
		return (factory) -> {
			DefaultKafkaConsumerFactory<String, ContractEvent> events = (DefaultKafkaConsumerFactory<String, ContractEvent>) factory;
			events.setKeyDeserializer(new StringDeserializer());
			events.setValueDeserializer(new ErrorHandlingDeserializer<>(ContractSerdes.deserializer()));
		};
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaProducerFactoryCustomizer contractSerializers() {
		return (factory) -> {
			DefaultKafkaProducerFactory<String, ContractEvent> events = (DefaultKafkaProducerFactory<String, ContractEvent>) factory;
			events.setKeySerializer(new StringSerializer());
			events.setValueSerializer(ContractSerdes.serializer());
		};
	}

	/**
	 * Retries a failing record a few times with backoff, then dead-letters it; while
	 * MongoDB cannot be reached, or Kafka cannot take what the listener publishes, it
	 * retries for as long as the outage lasts; poison records and undeserializable bytes
	 * go to the dead-letter topic at once, with their original bytes. Each dead letter is
	 * logged in one line that names the record and why, never quoting it.
	 */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(ProducerFactory<String, ContractEvent> producerFactory,
			KafkaTemplate<String, ContractEvent> events, DispatchProperties properties) {
		Map<String, Object> rawConfig = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
		KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(rawConfig, new StringSerializer(), new ByteArraySerializer()));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, raw);
		templates.put(ContractEvent.class, events);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
				MessagingConfiguration::deadLetterPartition);
		DispatchProperties.Listeners listeners = properties.listeners();
		ExponentialBackOff backOff = new ExponentialBackOff(listeners.retryAfter().toMillis(), 2.0);
		backOff.setMaxAttempts(listeners.retries());
		ConsumerAwareRecordRecoverer logged = (record, consumer, ex) -> {
			recoverer.accept(record, consumer, ex);
			logger.warn("Dead-lettered record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
					why(ex));
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(logged, backOff);
		handler.addNotRetryableExceptions(PoisonRecordException.class);
		// Dead-lettering a record while MongoDB cannot be reached would turn an outage
		// into lost deliveries (a batch whose claims are left behind and never looked at
		// again); while Kafka cannot take what the listener publishes (an alert's
		// batches, a batch's retry), into an alert or a retry left on a dead-letter topic
		// until an operator re-drives it.
		handler.setBackOffFunction(
				(record, ex) -> (MongoAway.in(ex) || KafkaAway.in(ex)) ? untilItIsBack(listeners) : null);
		return handler;
	}

	/**
	 * A record without a value (a tombstone, as a producer deleting a key of a compacted
	 * topic writes it) carries no event: poison, dead-lettered at once with a reason an
	 * operator can read, rather than failing in the binding of the listener's argument.
	 * Records whose bytes could not be read never get here: the container dead-letters
	 * them first.
	 */
	@Bean
	RecordInterceptor<Object, Object> recordsWithoutAValueArePoison() {
		return (record, consumer) -> {
			if (record.value() == null) {
				throw new PoisonRecordException(TOMBSTONE);
			}
			return record;
		};
	}

	/**
	 * Why a record was dead-lettered, for the log: the message of a poison record (which
	 * never holds an address), otherwise only the class of the innermost cause, since
	 * other messages may quote the record.
	 */
	static String why(Throwable failure) {
		Throwable innermost = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PoisonRecordException poison) {
				return poison.getMessage();
			}
			innermost = cause;
		}
		return innermost.getClass().getName();
	}

	/**
	 * Retries for as long as it takes, at most every {@code outage-retry-every}.
	 */
	private static ExponentialBackOff untilItIsBack(DispatchProperties.Listeners listeners) {
		ExponentialBackOff backOff = new ExponentialBackOff(listeners.retryAfter().toMillis(), 2.0);
		backOff.setMaxInterval(listeners.outageRetryEvery().toMillis());
		return backOff;
	}

	/**
	 * The container factory of the retry listener. A batch that is not due yet makes the
	 * listener throw a {@link org.springframework.kafka.listener.KafkaBackoffException}
	 * after pausing only its partition ({@link RetryPausing}); the error handler then
	 * seeks back to it without dead-lettering it or counting it as a failure, and every
	 * other partition keeps flowing. Each delivered batch is committed at once.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> retryListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
			ConsumerFactory<Object, Object> consumerFactory, DefaultErrorHandler kafkaErrorHandler) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
		factory.setCommonErrorHandler(kafkaErrorHandler);
		return factory;
	}

	/**
	 * Where a record that cannot be processed goes: the dead-letter topic of its topic,
	 * in the same partition; the retry tiers share {@code deliveries.retry.dlt}, where
	 * operators see and re-drive them. A record that is only not due yet is not
	 * dead-lettered: rethrowing its back-off makes the error handler seek back to it, as
	 * Spring Kafka's own retry topics do.
	 */
	private static TopicPartition deadLetterPartition(ConsumerRecord<?, ?> record, Exception ex) {
		if (SeekUtils.isBackoffException(ex)) {
			throw (NestedRuntimeException) ex;
		}
		String topic = record.topic().startsWith(Topics.DELIVERY_RETRY_TIER_PREFIX)
				&& !record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX) ? Topics.DELIVERY_RETRIES : record.topic();
		return new TopicPartition(Topics.deadLetterOf(topic), record.partition());
	}

}
