import { seededRandom, type Task } from '@sead/tasks';

/** What "Fill in" can put in the form: a random instance, or one of the task's adversarial families. */
export const RANDOM = 'random';

/**
 * The input fields of a task, one text field per field of its JSON input (`task.format`): bits;
 * a and b; cells and steps. What the user types is checked by the task's own `parse`.
 */
export class InputFields {
  readonly #container: HTMLElement;
  #task: Task | undefined;

  constructor(container: HTMLElement) {
    this.#container = container;
  }

  show(task: Task): void {
    this.#task = task;
    const names = Object.keys(task.format(task.random(4, seededRandom(0))));
    this.#container.replaceChildren(
      ...names.map((name) => {
        const label = document.createElement('label');
        label.className = 'field';
        const caption = document.createElement('span');
        caption.textContent = name;
        const input = document.createElement('input');
        Object.assign(input, { type: 'text', name, id: `field-${name}`, autocomplete: 'off', spellcheck: false, inputMode: 'numeric' });
        label.append(caption, input);
        return label;
      }),
    );
  }

  /** The instance typed in, through the task's parser (which throws a TaskInputError naming the field). */
  read(): unknown {
    const values = Object.fromEntries(this.#inputs().map((input) => [input.name, input.value.trim()]));
    return this.#current().parse(values);
  }

  fill(instance: unknown): void {
    const values = this.#current().format(instance);
    for (const input of this.#inputs()) input.value = String(values[input.name] ?? '');
  }

  #inputs(): HTMLInputElement[] {
    return [...this.#container.querySelectorAll('input')];
  }

  #current(): Task {
    if (!this.#task) throw new Error('no task is selected');
    return this.#task;
  }
}

/** The families "Fill in" offers for a task: random, then its adversarial ones. */
export function exampleKinds(task: Task): string[] {
  return [RANDOM, ...task.adversarial(8).map((named) => named.family)];
}

/** An instance of the chosen kind with `length` cells (about: the task decides); random ones take the seed. */
export function exampleInstance(task: Task, kind: string, length: number, seed: number): unknown {
  if (kind === RANDOM) return task.random(length, seededRandom(seed));
  const named = task.adversarial(length).find((a) => a.family === kind);
  if (!named) throw new RangeError(`task "${task.id}" has no example family "${kind}"`);
  return named.instance;
}
