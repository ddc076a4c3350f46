/** The notebook-style walkthroughs (chapters of steps with prose, math and live panels). */
export function LearnView() {
  return (
    <main className="learn" id="main">
      <p>The walkthroughs are being written.</p>
    </main>
  );
}
