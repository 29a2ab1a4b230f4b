import { Protected } from "@/components/auth/protected";
import { QuizEditor } from "@/components/quiz/quiz-editor";

export default async function Page({ params }: { params: Promise<{ slug: string; quizId: string }> }) {
  const { slug, quizId } = await params;
  return (
    <Protected role="instructor">
      <QuizEditor slug={slug} quizId={quizId} />
    </Protected>
  );
}
