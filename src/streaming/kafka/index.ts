// The Kafka layer of streaming sources and sinks: options, positions, the reader and the writer.

export {
  kafkaSinkConfig,
  kafkaSourceConfig,
  type KafkaSinkConfig,
  type KafkaSourceConfig,
} from './kafka-options.js';
export {
  advance,
  lag,
  mergePositions,
  parsePosition,
  startOffsets,
  type ConsumedOffset,
  type KafkaPosition,
  type PartitionOffsets,
} from './kafka-position.js';
export { KafkaSourceReader, type RawEvent } from './kafka-source.js';
export { KafkaSinkWriter } from './kafka-sink.js';
export type { KafkaTimeouts } from './kafka-client.js';
