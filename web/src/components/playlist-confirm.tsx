import { signal } from "@preact/signals";
import { render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import "./playlist-confirm.css";

/**
 * A yes/no question in a modal dialog, asked from anywhere (a menu that has already closed, say):
 * `await confirmChoice(...)` is true for the confirming button, false for the other, Escape or
 * the close button. One question at a time; a new one answers the previous with false.
 */

interface Question {
  title: string;
  text: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  answer: (yes: boolean) => void;
}

const asked = signal<Question | null>(null);

/** Asks a question; resolves with the listener's answer. */
export function confirmChoice(question: Omit<Question, "answer">): Promise<boolean> {
  asked.value?.answer(false);
  return new Promise((resolve) => {
    asked.value = {
      ...question,
      answer: (yes) => {
        asked.value = null;
        resolve(yes);
      },
    };
  });
}

function ConfirmDialog({ question }: { question: Question }) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    confirmButton.current?.focus();
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      class="playlist-confirm"
      aria-labelledby="playlist-confirm-title"
      aria-describedby="playlist-confirm-text"
      onCancel={(event) => {
        event.preventDefault();
        question.answer(false);
      }}
    >
      <h2 id="playlist-confirm-title">{question.title}</h2>
      <p id="playlist-confirm-text">{question.text}</p>
      <div class="playlist-confirm-actions">
        <button type="button" onClick={() => question.answer(false)}>
          {question.cancel}
        </button>
        <button
          ref={confirmButton}
          type="button"
          class={question.danger ? "danger-button" : "primary"}
          onClick={() => question.answer(true)}
        >
          {question.confirm}
        </button>
      </div>
    </dialog>
  );
}

function ConfirmHost() {
  const question = asked.value;
  return question ? <ConfirmDialog key={question.title + question.text} question={question} /> : null;
}

const host = document.createElement("div");
document.body.append(host);
render(<ConfirmHost />, host);
