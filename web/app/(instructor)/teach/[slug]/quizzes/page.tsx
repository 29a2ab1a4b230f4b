import { Protected } from "@/components/auth/protected";
import { QuizList } from "@/components/quiz/quiz-editor";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <QuizList slug={slug} />
    </Protected>
  );
}
