import { SimClock } from './clock';
import { serviceError } from './faults';

/** A CloudWatch metric alarm. */
export interface SimAlarm {
  readonly name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason: string;
  updatedAt: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/** CloudWatch alarms and their state changes. */
export class CloudWatchSim {
  public readonly alarms = new Map<string, SimAlarm>();
  /** Every state change, in order. */
  public readonly history: { name: string; state: string; at: number }[] = [];

  public constructor(private readonly clock: SimClock) {}

  public addAlarm(name: string, options: { periodSeconds?: number; evaluationPeriods?: number } = {}): SimAlarm {
    const alarm: SimAlarm = {
      name,
      state: 'OK',
      reason: 'created',
      updatedAt: this.clock.now(),
      periodSeconds: options.periodSeconds ?? 60,
      evaluationPeriods: options.evaluationPeriods ?? 3,
    };
    this.alarms.set(name, alarm);
    return alarm;
  }

  public setState(name: string, state: SimAlarm['state'], reason = `set to ${state}`): void {
    const alarm = this.alarms.get(name);
    if (!alarm || alarm.state === state) {
      return;
    }
    alarm.state = state;
    alarm.reason = reason;
    alarm.updatedAt = this.clock.now();
    this.history.push({ name, state, at: alarm.updatedAt });
  }

  public describeAlarms(input: any): any {
    const names: string[] | undefined = input.AlarmNames;
    if (names && names.length > 100) {
      throw serviceError('cloudwatch', 'InvalidParameterValue', 400, 'The collection AlarmNames must not have a size greater than 100.');
    }
    const alarms = [...this.alarms.values()]
      .filter((a) => (!names || names.includes(a.name)) && (!input.StateValue || a.state === input.StateValue));
    return {
      MetricAlarms: alarms.map((a) => ({
        AlarmName: a.name,
        AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${a.name}`,
        StateValue: a.state,
        StateReason: a.reason,
        StateUpdatedTimestamp: new Date(a.updatedAt),
        Period: a.periodSeconds,
        EvaluationPeriods: a.evaluationPeriods,
      })),
      CompositeAlarms: [],
    };
  }
}

/** A pipeline execution, as ListPipelineExecutions shows it. */
export interface SimExecution {
  readonly id: string;
  status: 'InProgress' | 'Stopping' | 'Stopped' | 'Succeeded' | 'Failed' | 'Superseded';
  readonly startedAt: number;
}

/** CodePipeline: job results, executions, the artifact store. */
export class CodePipelineSim {
  public readonly jobs = new Map<string, { status: 'Succeeded' | 'Failed'; message?: string; outputVariables?: Record<string, string> }>();
  public readonly executions: SimExecution[] = [];
  public artifactBucket = 'pipeline-artifacts';

  public constructor(private readonly clock: SimClock, public readonly pipelineName = 'shop-pipeline') {}

  public startExecution(id: string): SimExecution {
    const execution: SimExecution = { id, status: 'InProgress', startedAt: this.clock.now() };
    this.executions.unshift(execution);
    return execution;
  }

  private result(jobId: string, status: 'Succeeded' | 'Failed', extra: { message?: string; outputVariables?: Record<string, string> }): any {
    if (!jobId) {
      throw serviceError('codepipeline', 'ValidationException', 400, 'jobId is required');
    }
    if (this.jobs.has(jobId)) {
      throw serviceError('codepipeline', 'InvalidJobStateException', 400, `Job ${jobId} is not in a state that accepts a result`);
    }
    this.jobs.set(jobId, { status, ...extra });
    return {};
  }

  public putJobSuccessResult(input: any): any {
    return this.result(input.jobId, 'Succeeded', { outputVariables: input.outputVariables });
  }

  public putJobFailureResult(input: any): any {
    return this.result(input.jobId, 'Failed', { message: input.failureDetails?.message });
  }

  public listPipelineExecutions(input: any): any {
    this.requirePipeline(input.pipelineName);
    return {
      pipelineExecutionSummaries: this.executions.slice(0, input.maxResults ?? 100).map((e) => ({
        pipelineExecutionId: e.id, status: e.status, startTime: new Date(e.startedAt),
      })),
    };
  }

  public getPipeline(input: any): any {
    this.requirePipeline(input.name);
    return { pipeline: { name: this.pipelineName, artifactStore: { type: 'S3', location: this.artifactBucket } } };
  }

  public stopPipelineExecution(input: any): any {
    this.requirePipeline(input.pipelineName);
    const execution = this.executions.find((e) => e.id === input.pipelineExecutionId);
    if (!execution || execution.status !== 'InProgress') {
      throw serviceError('codepipeline', 'PipelineExecutionNotStoppableException', 400, 'The execution is not in progress');
    }
    execution.status = input.abandon ? 'Stopped' : 'Stopping';
    return { pipelineExecutionId: execution.id };
  }

  private requirePipeline(name: string): void {
    if (name !== this.pipelineName) {
      throw serviceError('codepipeline', 'PipelineNotFoundException', 400, `Account '123456789012' does not have a pipeline with name '${name}'`);
    }
  }
}

type AttributeValue = { S?: string; N?: string; BOOL?: boolean };
type Item = Record<string, AttributeValue>;

/** DynamoDB tables with conditional writes (PutItem, DeleteItem, GetItem; a subset of condition expressions). */
export class DynamoDbSim {
  public readonly tables = new Map<string, { key: string; items: Map<string, Item> }>();
  /** Every successful write, in order: who wrote what. */
  public readonly writes: { table: string; kind: 'put' | 'delete'; item: Item; at: number }[] = [];

  public constructor(private readonly clock: SimClock) {}

  public createTable(name: string, partitionKey: string): void {
    this.tables.set(name, { key: partitionKey, items: new Map() });
  }

  private table(name: string) {
    const table = this.tables.get(name);
    if (!table) {
      throw serviceError('dynamodb', 'ResourceNotFoundException', 400, 'Requested resource not found');
    }
    return table;
  }

  private keyOf(table: { key: string }, item: Item): string {
    const value = item[table.key];
    if (!value || (value.S === undefined && value.N === undefined)) {
      throw serviceError('dynamodb', 'ValidationException', 400, `One of the required keys was not given a value: ${table.key}`);
    }
    return value.S ?? value.N!;
  }

  private check(input: any, current: Item | undefined): void {
    if (input.ConditionExpression && !evaluate(input.ConditionExpression, current, input.ExpressionAttributeNames ?? {},
      input.ExpressionAttributeValues ?? {})) {
      const error = serviceError('dynamodb', 'ConditionalCheckFailedException', 400, 'The conditional request failed') as any;
      if (input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && current) {
        error.Item = current;
      }
      throw error;
    }
  }

  public putItem(input: any): any {
    const table = this.table(input.TableName);
    const key = this.keyOf(table, input.Item);
    this.check(input, table.items.get(key));
    table.items.set(key, structuredClone(input.Item));
    this.writes.push({ table: input.TableName, kind: 'put', item: structuredClone(input.Item), at: this.clock.now() });
    return {};
  }

  public deleteItem(input: any): any {
    const table = this.table(input.TableName);
    const key = this.keyOf(table, input.Key);
    const current = table.items.get(key);
    this.check(input, current);
    table.items.delete(key);
    if (current) {
      this.writes.push({ table: input.TableName, kind: 'delete', item: current, at: this.clock.now() });
    }
    return {};
  }

  public getItem(input: any): any {
    const table = this.table(input.TableName);
    const item = table.items.get(this.keyOf(table, input.Key));
    return item ? { Item: structuredClone(item) } : {};
  }

  /** The item of a key, for tests and invariants. */
  public item(tableName: string, key: string): Item | undefined {
    return this.tables.get(tableName)?.items.get(key);
  }
}

/**
 * Evaluates a DynamoDB condition expression over an item: `attribute_exists(a)`,
 * `attribute_not_exists(a)`, comparisons (`= <> < <= > >=`) of attributes and
 * `:values`, `AND`, `OR`, `NOT` and parentheses. Numbers compare as numbers.
 */
export function evaluate(expression: string, item: Item | undefined, names: Record<string, string>, values: Record<string, AttributeValue>): boolean {
  const tokens = expression.match(/\(|\)|<>|<=|>=|=|<|>|,|[#:]?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const token = tokens[i++];
    if (expected && token?.toUpperCase() !== expected) {
      throw serviceError('dynamodb', 'ValidationException', 400, `Invalid ConditionExpression: expected ${expected} near '${token}' in ${expression}`);
    }
    return token;
  };
  const attributeName = (token: string) => {
    if (token.startsWith('#')) {
      if (!(token in names)) {
        throw serviceError('dynamodb', 'ValidationException', 400, `An expression attribute name used in the document path is not defined; attribute name: ${token}`);
      }
      return names[token];
    }
    return token;
  };
  const operand = (token: string): AttributeValue | undefined => {
    if (token.startsWith(':')) {
      if (!(token in values)) {
        throw serviceError('dynamodb', 'ValidationException', 400, `An expression attribute value used in expression is not defined; attribute value: ${token}`);
      }
      return values[token];
    }
    return item?.[attributeName(token)];
  };
  const compare = (a: AttributeValue | undefined, op: string, b: AttributeValue | undefined): boolean => {
    if (!a || !b) {
      return op === '<>' ? a !== b : false;
    }
    const x = a.N !== undefined ? Number(a.N) : a.S ?? String(a.BOOL);
    const y = b.N !== undefined ? Number(b.N) : b.S ?? String(b.BOOL);
    switch (op) {
      case '=': return x === y;
      case '<>': return x !== y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      default: return x >= y;
    }
  };
  const primary = (): boolean => {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token?.toUpperCase() === 'NOT') {
      return !primary();
    }
    if (token === 'attribute_exists' || token === 'attribute_not_exists') {
      take('(');
      const name = attributeName(take()!);
      take(')');
      const exists = item !== undefined && name in item;
      return token === 'attribute_exists' ? exists : !exists;
    }
    const op = take();
    if (!op || !['=', '<>', '<', '<=', '>', '>='].includes(op)) {
      throw serviceError('dynamodb', 'ValidationException', 400, `Invalid ConditionExpression: ${expression}`);
    }
    return compare(operand(token!), op, operand(take()!));
  };
  const and = (): boolean => {
    let value = primary();
    while (peek()?.toUpperCase() === 'AND') {
      take();
      value = primary() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek()?.toUpperCase() === 'OR') {
      take();
      value = and() || value;
    }
    return value;
  };
  const result = or();
  if (i !== tokens.length) {
    throw serviceError('dynamodb', 'ValidationException', 400, `Invalid ConditionExpression: unexpected '${tokens[i]}' in ${expression}`);
  }
  return result;
}

/** SNS: topics and the messages published to them. */
export class SnsSim {
  public readonly topics = new Set<string>();
  /** Every message published, in order. */
  public readonly published: { topicArn: string; subject?: string; message: string; at: number }[] = [];

  public constructor(private readonly clock: SimClock) {}

  /** Creates a topic; returns its ARN. */
  public createTopic(name: string): string {
    const arn = `arn:aws:sns:us-east-1:123456789012:${name}`;
    this.topics.add(arn);
    return arn;
  }

  public publish(input: any): any {
    if (!input.TopicArn || !this.topics.has(input.TopicArn)) {
      throw serviceError('sns', 'NotFoundException', 404, 'Topic does not exist');
    }
    if (typeof input.Message !== 'string' || input.Message.length === 0) {
      throw serviceError('sns', 'InvalidParameterException', 400, 'Invalid parameter: Empty message');
    }
    if (Buffer.byteLength(input.Message) > 262_144) {
      throw serviceError('sns', 'InvalidParameterException', 400, 'Invalid parameter: Message too long');
    }
    // Subjects: ASCII, no line breaks or control characters, fewer than 100 characters.
    if (input.Subject !== undefined && !/^[\x20-\x7e]{1,99}$/.test(input.Subject)) {
      throw serviceError('sns', 'InvalidParameterException', 400, 'Invalid parameter: Subject');
    }
    this.published.push({ topicArn: input.TopicArn, subject: input.Subject, message: input.Message, at: this.clock.now() });
    return { MessageId: `sim-${this.published.length}` };
  }
}
