-- One program per language for the attack groups that apply to every language; the first word
-- of stdin picks the attack, the rest are its arguments (see case.json).
import Control.Exception (SomeException, try)
import Control.Monad (forM, forM_, forever, void)
import qualified Data.ByteString.Char8 as B
import Data.IORef
import Data.Bits (shiftR, (.&.))
import Data.Word (Word16, Word8)
import Foreign.C.Types (CInt (..))
import Foreign.Marshal.Alloc (allocaBytes)
import Foreign.Marshal.Array (pokeArray)
import Foreign.Ptr (Ptr)
import System.Exit (ExitCode (..), exitWith)
import System.IO
import System.Posix.Process (forkProcess)

foreign import ccall unsafe "socket" c_socket :: CInt -> CInt -> CInt -> IO CInt
foreign import ccall unsafe "connect" c_connect :: CInt -> Ptr Word8 -> CInt -> IO CInt
foreign import ccall unsafe "close" c_close :: CInt -> IO CInt

-- A TCP connect through the C library (GHC ships no socket library): True if it connected.
tcpConnect :: String -> Int -> IO Bool
tcpConnect host port = allocaBytes 16 $ \addr -> do
  let octets = map read (words [if c == '.' then ' ' else c | c <- host]) :: [Int]
      p = fromIntegral port :: Word16
  pokeArray addr (map fromIntegral ([2, 0, fromIntegral (p `shiftR` 8), fromIntegral (p .&. 255)]
                                    ++ octets ++ replicate 8 0))
  fd <- c_socket 2 1 0
  r <- c_connect fd addr 16
  _ <- c_close fd
  return (r == 0)

main :: IO ()
main = do
  command : rest <- lines <$> getContents
  case command of
    "exit" -> putStrLn "exiting with 3" >> hFlush stdout >> exitWith (ExitFailure 3)
    "loop" -> let go :: Int -> Int
                  go n = if n < 0 then n else go (n + 1)
              in print (go 0)
    "alloc" -> do
      keep <- newIORef []
      forever $ do
        let b = B.replicate (1024 * 1024) 'z'
        B.length b `seq` modifyIORef' keep (b :)
    "flood" -> let lines = B.concat (replicate 1000 (B.replicate 60 'z' <> B.pack "\n"))
               in forever (B.putStr lines)
    "fork" -> forever (void (try (void (forkProcess (forever (return ())))) :: IO (Either SomeException ())))
    "net" -> do
      hits <- forM rest $ \line -> do
        let [host, port] = words line
        ok <- tcpConnect host (read port)
        putStrLn ((if ok then "CONNECTED " else "blocked ") ++ line)
        return ok
      putStrLn ("reached " ++ show (length (filter id hits)))
    "write" -> do
      forM_ ["/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned", "/judge/uw-pwned", "/sub/main"] $ \p -> do
        r <- try (appendFile p "pwned") :: IO (Either SomeException ())
        putStrLn (either (const "denied ") (const "ALLOWED ") r ++ p)
      writeFile "/box/ok" "scratch is writable"
      readFile "/box/ok" >>= putStrLn
    _ -> putStrLn "unknown command"
