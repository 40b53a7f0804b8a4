package org.solidarityalerts.dispatch.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics, serdes and the dead-letter policy of dispatch.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	@Bean
	KafkaAdmin.NewTopics dispatchTopics(DispatchProperties properties) {
		short replicas = properties.topics().replicationFactor();
		String minInSync = Integer.toString(properties.topics().effectiveMinInSyncReplicas());
		Stream<NewTopic> topics = Topics.ALL.stream()
			.map((topic) -> TopicBuilder.name(topic.name())
				.partitions(topic.partitions())
				.replicas(replicas)
				.config("min.insync.replicas", minInSync)
				.build());
		Stream<NewTopic> deadLetters = Topics.ALL.stream()
			.filter(Topics.TopicSpec::deadLetters)
			.map((topic) -> TopicBuilder.name(Topics.deadLetterOf(topic.name()))
				.partitions(topic.partitions())
				.replicas(replicas)
				.config("min.insync.replicas", minInSync)
				.build());
		return new KafkaAdmin.NewTopics(Stream.concat(topics, deadLetters).toArray(NewTopic[]::new));
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaConsumerFactoryCustomizer contractDeserializers() {
		return (factory) -> {
			DefaultKafkaConsumerFactory<String, ContractEvent> events = (DefaultKafkaConsumerFactory<String, ContractEvent>) factory;
			events.setKeyDeserializer(new StringDeserializer());
			events.setValueDeserializer(new ErrorHandlingDeserializer<>(
					new JacksonJsonDeserializer<>(ContractEvent.class, WireFormat.jsonMapper(), false)));
		};
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaProducerFactoryCustomizer contractSerializers() {
		return (factory) -> {
			DefaultKafkaProducerFactory<String, ContractEvent> events = (DefaultKafkaProducerFactory<String, ContractEvent>) factory;
			events.setKeySerializer(new StringSerializer());
			events.setValueSerializer(new JacksonJsonSerializer<ContractEvent>(WireFormat.jsonMapper()).noTypeInfo());
		};
	}

	/**
	 * Retries a failing record a few times with backoff, then dead-letters it; while
	 * MongoDB cannot be reached it retries for as long as the outage lasts; poison
	 * records and undeserializable bytes go to the dead-letter topic at once, with their
	 * original bytes.
	 */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(ProducerFactory<String, ContractEvent> producerFactory,
			KafkaTemplate<String, ContractEvent> events) {
		Map<String, Object> rawConfig = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
		KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(rawConfig, new StringSerializer(), new ByteArraySerializer()));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, raw);
		templates.put(ContractEvent.class, events);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
				MessagingConfiguration::deadLetterPartition);
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxAttempts(4);
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(PoisonRecordException.class);
		handler.setBackOffFunction((record, ex) -> infrastructureUnavailable(ex) ? untilItIsBack() : null);
		return handler;
	}

	/**
	 * Whether a failure says that MongoDB (or another resource) cannot be reached, rather
	 * than that the record is bad: dead-lettering the record would turn an outage into
	 * lost deliveries (a batch whose claims are left behind and never looked at again).
	 */
	static boolean infrastructureUnavailable(@Nullable Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Retries for as long as it takes, at most every ten seconds.
	 */
	private static ExponentialBackOff untilItIsBack() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(10_000);
		return backOff;
	}

	/**
	 * The container factory of the retry listener: manual acknowledgements, so a batch
	 * that is not due yet can be handed back with a pause instead of blocking the thread.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> retryListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
			ConsumerFactory<Object, Object> consumerFactory, DefaultErrorHandler kafkaErrorHandler) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		factory.setCommonErrorHandler(kafkaErrorHandler);
		return factory;
	}

	private static TopicPartition deadLetterPartition(ConsumerRecord<?, ?> record, Exception ex) {
		return new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition());
	}

}
